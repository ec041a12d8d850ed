output "crash_topic" {
  description = "Topic crash reporters (or `crashflow publish`) publish to."
  value       = google_pubsub_topic.crashes.id
}

output "crash_subscription" {
  description = "Subscription the job reads (--subscription)."
  value       = google_pubsub_subscription.crashes.id
}

output "dead_letter_subscription" {
  description = "Subscription holding messages Pub/Sub dead-lettered after max_delivery_attempts."
  value       = google_pubsub_subscription.crashes_dead_letter.id
}

output "issue_signals_topic" {
  description = "Topic of issue lifecycle signals (--issueSignalsTopic); subscribe alerting to it."
  value       = google_pubsub_topic.issue_signals.id
}

output "archive" {
  description = "Raw archive prefix (--archive); replay slices of it with --inputType=file --input=<archive>/app=.../dt=.../**."
  value       = "gs://${google_storage_bucket.archive.name}/archive"
}

output "symbols_store" {
  description = "Symbol store (--symbols): upload with `crashflow symbols upload --store <this>`."
  value       = "gs://${google_storage_bucket.symbols.name}"
}

output "temp_location" {
  description = "Dataflow temp location."
  value       = "gs://${google_storage_bucket.temp.name}/temp"
}

output "template_spec_path" {
  description = "Where build-template.sh writes the Flex Template spec and the job reads it."
  value       = local.template_spec_path
}

output "image_repository" {
  description = "Artifact Registry repository of the template image."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "bigquery_dataset" {
  description = "Dataset of the tables (--bigQueryDataset), as project:dataset."
  value       = "${var.project_id}:${google_bigquery_dataset.crashflow.dataset_id}"
}

output "tables" {
  description = "Table name => table id, one per schemas/tables.json entry."
  value       = { for name, t in google_bigquery_table.tables : name => t.id }
}

output "views" {
  description = "View name => view id, one per schemas/views/*.sql."
  value       = { for name, v in merge(google_bigquery_table.views, google_bigquery_table.derived_views) : name => v.id }
}

output "worker_service_account" {
  description = "Service account of the launcher and the workers (--serviceAccount)."
  value       = google_service_account.worker.email
}

output "job_id" {
  description = "Id of the streaming job, when deploy_job is true."
  value       = one(google_dataflow_flex_template_job.crashflow[*].job_id)
}

output "launch_env" {
  description = "Settings for runners/dataflow/build-template.sh and launch.sh: eval \"$(terraform output -raw launch_env)\"."
  value       = <<-EOT
    export CRASHFLOW_PROJECT=${var.project_id}
    export CRASHFLOW_REGION=${var.region}
    export CRASHFLOW_REPOSITORY=${google_artifact_registry_repository.images.repository_id}
    export CRASHFLOW_TEMPLATE=${local.template_spec_path}
    export CRASHFLOW_SUBSCRIPTION=${google_pubsub_subscription.crashes.id}
    export CRASHFLOW_DATASET=${var.project_id}:${google_bigquery_dataset.crashflow.dataset_id}
    export CRASHFLOW_ARCHIVE=gs://${google_storage_bucket.archive.name}/archive
    export CRASHFLOW_SYMBOLS=gs://${google_storage_bucket.symbols.name}
    export CRASHFLOW_ISSUE_SIGNALS_TOPIC=${google_pubsub_topic.issue_signals.id}
    export CRASHFLOW_TEMP_LOCATION=gs://${google_storage_bucket.temp.name}/temp
    export CRASHFLOW_STAGING_LOCATION=gs://${google_storage_bucket.temp.name}/staging
    export CRASHFLOW_SERVICE_ACCOUNT=${google_service_account.worker.email}
    export CRASHFLOW_JOB_NAME=${var.job_name}
    export CRASHFLOW_MAX_WORKERS=${var.max_workers}
    export CRASHFLOW_MACHINE_TYPE=${var.machine_type}
  EOT
}
