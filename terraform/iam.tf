# The worker service account runs the Flex Template launcher and the Dataflow workers. It gets
# only what the job touches, on the resources it touches: read the crash subscription, publish
# issue signals, write the crashflow dataset, write the archive and temp buckets, read symbols,
# pull the template image.

resource "google_service_account" "worker" {
  account_id   = "${var.name_prefix}-worker"
  display_name = "crashflow Dataflow worker"
  description  = "Runs the crashflow Flex Template launcher and Dataflow workers."
  depends_on   = [google_project_service.apis]
}

# Dataflow's own worker permissions (work items, shuffle, logs, metrics). It is granted on the
# project because Dataflow has no narrower resource to grant it on.
resource "google_project_iam_member" "dataflow_worker" {
  project = var.project_id
  role    = "roles/dataflow.worker"
  member  = local.worker
}

# Load jobs: only --bigQueryWriteMethod=FILE_LOADS (backfills) runs BigQuery jobs. The Storage
# Write API, the streaming default, needs no job permission.
resource "google_project_iam_member" "bigquery_job_user" {
  count   = var.allow_bigquery_load_jobs ? 1 : 0
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = local.worker
}

resource "google_bigquery_dataset_iam_member" "worker_writes_tables" {
  dataset_id = google_bigquery_dataset.crashflow.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = local.worker
}

# Reading a subscription: pull and acknowledge (subscriber); Dataflow also reads the
# subscription's metadata for its backlog-based autoscaling (viewer).
resource "google_pubsub_subscription_iam_member" "worker_reads_crashes" {
  for_each     = toset(["roles/pubsub.subscriber", "roles/pubsub.viewer"])
  subscription = google_pubsub_subscription.crashes.id
  role         = each.value
  member       = local.worker
}

resource "google_pubsub_topic_iam_member" "worker_publishes_signals" {
  topic  = google_pubsub_topic.issue_signals.id
  role   = "roles/pubsub.publisher"
  member = local.worker
}

# File writes create temporary objects, then copy and delete them: objectUser (create, read,
# list, delete), not admin.
resource "google_storage_bucket_iam_member" "worker_writes_archive" {
  bucket = google_storage_bucket.archive.name
  role   = "roles/storage.objectUser"
  member = local.worker
}

resource "google_storage_bucket_iam_member" "worker_uses_temp" {
  for_each = toset(["roles/storage.objectUser", "roles/storage.legacyBucketReader"]) # bucket metadata: Beam checks the temp location's bucket exists
  bucket   = google_storage_bucket.temp.name
  role     = each.value
  member   = local.worker
}

# Symbols, per-app grouping rules and issue resolutions are read, never written, by the job.
resource "google_storage_bucket_iam_member" "worker_reads_symbols" {
  bucket = google_storage_bucket.symbols.name
  role   = "roles/storage.objectViewer"
  member = local.worker
}

resource "google_artifact_registry_repository_iam_member" "worker_pulls_image" {
  location   = google_artifact_registry_repository.images.location
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = local.worker
}

# People or CI that launch the job (launch.sh, gcloud, Terraform) must be able to act as the
# worker account; they also need roles/dataflow.developer on the project.
resource "google_service_account_iam_member" "launchers_act_as_worker" {
  for_each           = toset(var.launcher_members)
  service_account_id = google_service_account.worker.name
  role               = "roles/iam.serviceAccountUser"
  member             = each.value
}
