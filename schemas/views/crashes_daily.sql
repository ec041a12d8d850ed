-- crashes_daily: crash events per UTC day, app, platform, app version and error type.
--
-- Grain: one row per (day, app_id, platform, app_version, error_type).
-- Source: crash_rollups (granularity = 'DAY'): one row per day pane instead of one per event, so
-- a dashboard scans a few rows per day and version rather than crash_events.
-- Columns: day, app_id, platform, app_version, error_type, events, users, installations, issues.
-- events and issues are exact. users and installations merge the rows' HLL++ sketches
-- (HLL_COUNT.MERGE): BigQuery's are estimates (exact for small counts, about 0.5% error beyond a
-- few thousand), the local warehouse's are exact. They are distinct within the row; for distinct
-- people over several days or versions merge the sketches (HLL_COUNT.MERGE over crash_rollups),
-- never SUM these columns.
-- Events later than --allowedLateness (3 days) are in crash_events but not in the rollups.
-- Filter on day: BigQuery prunes crash_rollups' window_start partitions through it.
SELECT
  DATE(window_start) AS day,
  app_id,
  platform,
  app_version,
  error_type,
  SUM(events) AS events,
  HLL_COUNT.MERGE(users_sketch) AS users,
  HLL_COUNT.MERGE(installations_sketch) AS installations,
  COUNT(DISTINCT issue_id) AS issues
FROM `${project}.${dataset}.crash_rollups`
WHERE granularity = 'DAY'
GROUP BY day, app_id, platform, app_version, error_type
