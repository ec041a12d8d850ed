-- crash_free_by_version: crash-free sessions and crash-free users per app version, from
-- release-health session updates.
--
-- Grain: one row per (app_id, platform, app_version).
-- Source: sessions (one row per session update).
-- Semantics (Sentry release health): a session counts once however many updates it sent; it is
-- crashed when any of its updates says status = 'crashed' (a crash ends a session), abnormal
-- when one says 'abnormal' (the app was killed, e.g. by the watchdog) and it did not crash,
-- errored when it reported errors > 0 or ended crashed/abnormal. A user (distinct_id) is crashed
-- when any of their sessions in that version crashed.
--   crash_free_sessions = 1 - crashed_sessions / sessions
--   crash_free_users    = 1 - crashed_users / users
-- Sessions without a distinct_id count for sessions but not for users.
-- The version of a session is the one its updates carry (SDKs send the release on every update).
-- Columns: app_id, platform, app_version, sessions, crashed_sessions, abnormal_sessions,
--   errored_sessions, users, crashed_users, crash_free_sessions, crash_free_users,
--   first_session_start, last_update.
-- Follow-up (branch h-aggregates): release_health (window_start, app_id, platform, app_version,
-- sessions, crashed_sessions, users_sketch, crashed_users_sketch) will give the same figures per
-- window without scanning sessions; this view stays the exact reference.
WITH per_session AS (
  SELECT
    app_id,
    session_id,
    ANY_VALUE(platform) AS platform,
    ANY_VALUE(app_version) AS app_version,
    ANY_VALUE(distinct_id) AS distinct_id,
    LOGICAL_OR(status = 'crashed') AS crashed,
    LOGICAL_OR(status = 'abnormal') AS abnormal,
    LOGICAL_OR(errors > 0 OR status IN ('crashed', 'abnormal')) AS errored,
    MIN(COALESCE(started, session_timestamp)) AS started,
    MAX(session_timestamp) AS last_update
  FROM `${project}.${dataset}.sessions`
  GROUP BY app_id, session_id
)
SELECT
  app_id,
  platform,
  app_version,
  COUNT(*) AS sessions,
  COUNTIF(crashed) AS crashed_sessions,
  COUNTIF(abnormal AND NOT crashed) AS abnormal_sessions,
  COUNTIF(errored) AS errored_sessions,
  COUNT(DISTINCT distinct_id) AS users,
  COUNT(DISTINCT IF(crashed, distinct_id, NULL)) AS crashed_users,
  1 - COUNTIF(crashed) / COUNT(*) AS crash_free_sessions,
  1 - SAFE_DIVIDE(COUNT(DISTINCT IF(crashed, distinct_id, NULL)), COUNT(DISTINCT distinct_id))
    AS crash_free_users,
  MIN(started) AS first_session_start,
  MAX(last_update) AS last_update
FROM per_session
GROUP BY app_id, platform, app_version
