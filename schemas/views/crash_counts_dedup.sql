-- crash_counts_dedup: crash_counts with each pane once, for writes that are at-least-once.
--
-- Grain: one row per pane of crash_counts (window_start, app_id, platform, app_version, app_build, os_version, issue_id, error_type, pane_index).
-- Source: crash_counts. With --bigQueryWriteMethod=STORAGE_WRITE_API (the default) every pane is
-- written exactly once and this view equals the table; with STORAGE_API_AT_LEAST_ONCE or
-- STREAMING_INSERTS a retried write can repeat a pane row, which this view drops (a pane is
-- identified by its window, dimensions and pane_index; emitted_timestamp may differ).
-- Of a pane's copies it keeps the fullest, then the first emitted: Flink batch runs before
-- 2026-12-08 also wrote an empty copy of every ON_TIME pane (same pane_index, counts 0).
-- Columns: those of crash_counts.
SELECT *
FROM `${project}.${dataset}.crash_counts`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY window_start, app_id, platform, app_version, app_build, os_version, issue_id, error_type, pane_index
  ORDER BY events DESC, emitted_timestamp) = 1
