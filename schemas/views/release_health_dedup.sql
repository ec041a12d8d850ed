-- release_health_dedup: release_health with each pane once, for writes that are at-least-once.
--
-- Grain: one row per pane of release_health (window_start, app_id, platform, app_version, environment, pane_index).
-- Source: release_health. With --bigQueryWriteMethod=STORAGE_WRITE_API (the default) every pane is
-- written exactly once and this view equals the table; with STORAGE_API_AT_LEAST_ONCE or
-- STREAMING_INSERTS a retried write can repeat a pane row, which this view drops (a pane is
-- identified by its window, dimensions and pane_index; emitted_timestamp may differ).
-- Of a pane's copies it keeps the fullest, then the first emitted: Flink batch runs before
-- 2026-12-08 also wrote an empty copy of every ON_TIME pane (same pane_index, counts 0).
-- Columns: those of release_health.
SELECT *
FROM `${project}.${dataset}.release_health`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY window_start, app_id, platform, app_version, environment, pane_index
  ORDER BY sessions + crashed_sessions + abnormal_sessions + errored_sessions DESC, emitted_timestamp) = 1
