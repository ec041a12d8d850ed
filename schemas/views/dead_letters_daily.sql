-- dead_letters_daily: failures per UTC day, step and reason, for the pipeline's health page.
--
-- Grain: one row per (day, step, error_reason).
-- Source: dead_letters.
-- Columns: day, step, error_reason, failures, distinct_events (event ids the step got far
--   enough to read), example_message (one error message of the group), last_failed.
SELECT
  DATE(failed_timestamp) AS day,
  step,
  error_reason,
  COUNT(*) AS failures,
  COUNT(DISTINCT event_id) AS distinct_events,
  MIN(error_message) AS example_message,
  MAX(failed_timestamp) AS last_failed
FROM `${project}.${dataset}.dead_letters`
GROUP BY day, step, error_reason
