-- release_health_by_version: crash-free sessions and crash-free users per app version, from the
-- release_health aggregates (cheap: one row per window pane, not per session update).
--
-- Grain: one row per (app_id, platform, app_version, environment).
-- Source: release_health (sessions placed in the window of their start; panes are additive).
-- Columns: app_id, platform, app_version, environment, sessions, crashed_sessions,
--   abnormal_sessions, errored_sessions, users, crashed_users, crash_free_sessions,
--   crash_free_users, first_window, last_window.
-- Session counts are exact when every session sends its first (init) and final update once, as
-- the Sentry protocol does; crash_free_by_version, over the raw sessions, is the exact reference
-- whatever the SDK sends. users and crashed_users merge HLL++ sketches (estimates in BigQuery,
-- exact locally).
SELECT
  app_id,
  platform,
  app_version,
  environment,
  SUM(sessions) AS sessions,
  SUM(crashed_sessions) AS crashed_sessions,
  SUM(abnormal_sessions) AS abnormal_sessions,
  SUM(errored_sessions) AS errored_sessions,
  HLL_COUNT.MERGE(users_sketch) AS users,
  HLL_COUNT.MERGE(crashed_users_sketch) AS crashed_users,
  1 - SAFE_DIVIDE(SUM(crashed_sessions), SUM(sessions)) AS crash_free_sessions,
  1 - SAFE_DIVIDE(HLL_COUNT.MERGE(crashed_users_sketch), HLL_COUNT.MERGE(users_sketch))
    AS crash_free_users,
  MIN(window_start) AS first_window,
  MAX(window_end) AS last_window
FROM `${project}.${dataset}.release_health`
GROUP BY app_id, platform, app_version, environment
