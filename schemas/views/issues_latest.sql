-- issues_latest: the current state of every issue.
--
-- Grain: one row per (app_id, issue_id).
-- Source: issues, which is append-only (one row per issue per event-time window that changed it);
-- the latest row of an issue is the one with the greatest (tracked_since, revision), as the
-- table's description says. updated_at breaks the tie between identical rows a retried write
-- may leave behind.
-- Columns: every column of issues (status, first_seen, last_seen, first_version, last_version,
-- last_build, resolved_in_version, events_total, title, tracked_since, revision, ...).
SELECT *
FROM `${project}.${dataset}.issues`
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY app_id, issue_id
  ORDER BY tracked_since DESC, revision DESC, updated_at DESC) = 1
