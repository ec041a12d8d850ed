-- release_issues: the issues each release brought or brought back: new issues, issues new in
-- that release, and regressions.
--
-- Grain: one row per lifecycle signal (NEW_ISSUE, NEW_IN_RELEASE, REGRESSED) per issue and
-- version, once however often it was written (a re-run or a redelivered write carries the same
-- signal_id).
-- Source: issue_signals (what was decided, and when) joined with issues_latest (the issue's
-- current status and totals).
-- Columns: app_id, app_version (the release the signal is about: the issue's first version for
--   NEW_ISSUE, the new release for NEW_IN_RELEASE, the version it came back in for REGRESSED),
--   signal_type, issue_id, title, detected_window_start (event-time window the signal was decided
--   in), event_count (events behind the signal in that window), resolved_in_version (REGRESSED),
--   signal_id, status, events_total, first_seen, last_seen, last_version (current state; NULL if
--   issue tracking has not written the issue).
-- SPIKING signals are not about a release and are left out (read issue_signals for them).
SELECT
  s.app_id,
  s.app_version,
  s.signal_type,
  s.issue_id,
  COALESCE(i.title, s.title) AS title,
  s.window_start AS detected_window_start,
  s.event_count,
  s.resolved_in_version,
  s.signal_id,
  i.status,
  i.events_total,
  i.first_seen,
  i.last_seen,
  i.last_version
FROM (
  SELECT *
  FROM `${project}.${dataset}.issue_signals`
  WHERE signal_type IN ('NEW_ISSUE', 'NEW_IN_RELEASE', 'REGRESSED')
  QUALIFY ROW_NUMBER() OVER (PARTITION BY signal_id ORDER BY emitted_at) = 1
) AS s
LEFT JOIN `${project}.${dataset}.issues_latest` AS i
  ON i.app_id = s.app_id AND i.issue_id = s.issue_id
