-- crashes_by_custom_key: crash events per UTC day, app, version and custom key value (the event's
-- tags, e.g. game_level, locale, store).
--
-- Grain: one row per (day, app_id, app_version, key, value). An event with several custom keys
-- appears once under each key: filter on one key (WHERE key = 'game_level') before summing.
-- Source: crash_events.custom_keys.
-- Columns: day, app_id, app_version, key, value, events, users, installations, issues.
-- users, installations and issues are distinct within the row (not additive across rows).
SELECT
  DATE(e.event_timestamp) AS day,
  e.app_id AS app_id,
  e.application.display_version AS app_version,
  ck.key AS key,
  ck.value AS value,
  COUNT(*) AS events,
  COUNT(DISTINCT e.user.id) AS users,
  COUNT(DISTINCT e.installation_uuid) AS installations,
  COUNT(DISTINCT e.issue_id) AS issues
FROM `${project}.${dataset}.crash_events` AS e, UNNEST(e.custom_keys) AS ck
GROUP BY day, app_id, app_version, key, value
