-- crashes_by_device: crash events per UTC day, app, device model and operating system.
--
-- Grain: one row per (day, app_id, platform, app_version, manufacturer, model, os_name,
-- os_version).
-- Source: crash_events.
-- Columns: day, app_id, platform, app_version, manufacturer, model, os_name, os_version,
--   events, users, installations, issues.
-- users, installations and issues are distinct within the row (not additive across rows): for
-- "top crashing devices over a date range", SUM(events) is right; for users over a range, query
-- crash_events.
SELECT
  DATE(event_timestamp) AS day,
  app_id,
  platform,
  application.display_version AS app_version,
  device.manufacturer AS manufacturer,
  device.model AS model,
  operating_system.name AS os_name,
  operating_system.display_version AS os_version,
  COUNT(*) AS events,
  COUNT(DISTINCT user.id) AS users,
  COUNT(DISTINCT installation_uuid) AS installations,
  COUNT(DISTINCT issue_id) AS issues
FROM `${project}.${dataset}.crash_events`
GROUP BY day, app_id, platform, app_version, manufacturer, model, os_name, os_version
