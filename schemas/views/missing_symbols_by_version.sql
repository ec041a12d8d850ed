-- missing_symbols_by_version: the symbol files to upload, per app version, with the events
-- waiting for each.
--
-- Grain: one row per (app_id, platform, app_version, app_build, kind, debug_id).
-- Source: missing_symbols (panes are additive).
-- Columns: app_id, platform, app_version, app_build, kind (breakpad, proguard), debug_id,
--   events_waiting, first_window, last_window.
-- After an upload, replay the archive for the affected days (see the README, Replays): the
-- replayed events are symbolicated, but rows already written here stay (the key was missing then).
SELECT
  app_id,
  platform,
  app_version,
  app_build,
  kind,
  debug_id,
  SUM(events) AS events_waiting,
  MIN(window_start) AS first_window,
  MAX(window_end) AS last_window
FROM `${project}.${dataset}.missing_symbols`
GROUP BY app_id, platform, app_version, app_build, kind, debug_id
