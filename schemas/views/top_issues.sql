-- top_issues: every issue ranked by events, with users, first/last seen and a 7-day trend.
--
-- Grain: one row per (app_id, issue_id).
-- Source: crash_events (counts, users, trend) joined with issues_latest (status, versions).
-- Columns:
--   issue_title, issue_subtitle, error_type (of the issue's latest event), events, users,
--   installations, first_seen, last_seen, events_last_7d (the 7 days up to now),
--   events_prev_7d (the 7 days before those), trend (events_last_7d / events_prev_7d, NULL when
--   the previous week had none), status, first_version, last_version, resolved_in_version
--   (NULL when issue tracking has not written the issue yet), rank_in_app (1 = most events).
-- first_seen/last_seen come from crash_events, so they cover every event the table holds, even
-- those older than issue tracking's state.
WITH per_issue AS (
  SELECT
    app_id,
    issue_id,
    COUNT(*) AS events,
    COUNT(DISTINCT user.id) AS users,
    COUNT(DISTINCT installation_uuid) AS installations,
    MIN(event_timestamp) AS first_seen,
    MAX(event_timestamp) AS last_seen,
    COUNTIF(event_timestamp >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)) AS events_last_7d,
    COUNTIF(event_timestamp >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 14 DAY)
      AND event_timestamp < TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)) AS events_prev_7d
  FROM `${project}.${dataset}.crash_events`
  GROUP BY app_id, issue_id
),
latest_event AS (
  SELECT app_id, issue_id, issue_title, issue_subtitle, error_type
  FROM `${project}.${dataset}.crash_events`
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY app_id, issue_id ORDER BY event_timestamp DESC, event_id) = 1
)
SELECT
  p.app_id,
  p.issue_id,
  e.issue_title,
  e.issue_subtitle,
  e.error_type,
  p.events,
  p.users,
  p.installations,
  p.first_seen,
  p.last_seen,
  p.events_last_7d,
  p.events_prev_7d,
  SAFE_DIVIDE(p.events_last_7d, p.events_prev_7d) AS trend,
  i.status,
  i.first_version,
  i.last_version,
  i.resolved_in_version,
  RANK() OVER (PARTITION BY p.app_id ORDER BY p.events DESC) AS rank_in_app
FROM per_issue AS p
JOIN latest_event AS e
  ON e.app_id = p.app_id AND e.issue_id = p.issue_id
LEFT JOIN `${project}.${dataset}.issues_latest` AS i
  ON i.app_id = p.app_id AND i.issue_id = p.issue_id
