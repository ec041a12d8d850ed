-- crashes_daily: crash events per UTC day, app, platform, app version and error type.
--
-- Grain: one row per (day, app_id, platform, app_version, error_type).
-- Source: crash_events (exact distinct counts).
-- Columns: day, app_id, platform, app_version, error_type, events, users, installations, issues.
-- users, installations and issues are distinct within the row: do not SUM them across days or
-- versions (Looker Studio: use them as-is per row, or COUNT DISTINCT on crash_events).
-- Filter on day: BigQuery prunes crash_events' event_timestamp partitions through it.
-- Follow-up (branch h-aggregates): once crash_counts carries users_sketch/installations_sketch,
-- this can read crash_counts with HLL_COUNT.MERGE and scan far less.
SELECT
  DATE(event_timestamp) AS day,
  app_id,
  platform,
  application.display_version AS app_version,
  error_type,
  COUNT(*) AS events,
  COUNT(DISTINCT user.id) AS users,
  COUNT(DISTINCT installation_uuid) AS installations,
  COUNT(DISTINCT issue_id) AS issues
FROM `${project}.${dataset}.crash_events`
GROUP BY day, app_id, platform, app_version, error_type
