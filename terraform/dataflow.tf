# The template image repository and the streaming job itself. The job needs a template spec in
# Cloud Storage first: apply with deploy_job = false, run runners/dataflow/build-template.sh,
# then apply with deploy_job = true.

resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = var.name_prefix
  format        = "DOCKER"
  description   = "crashflow Flex Template images (runners/dataflow/build-template.sh)."
  labels        = local.labels
  depends_on    = [google_project_service.apis]
}

resource "google_dataflow_flex_template_job" "crashflow" {
  provider = google-beta
  count    = var.deploy_job ? 1 : 0

  name                    = var.job_name
  region                  = var.region
  container_spec_gcs_path = local.template_spec_path
  service_account_email   = google_service_account.worker.email
  temp_location           = "gs://${google_storage_bucket.temp.name}/temp"
  staging_location        = "gs://${google_storage_bucket.temp.name}/staging"

  # Streaming Engine moves shuffle and state off the workers: smaller workers, faster scaling,
  # in-place updates that keep deduplication and issue state.
  enable_streaming_engine = true
  autoscaling_algorithm   = "THROUGHPUT_BASED"
  num_workers             = var.num_workers
  max_workers             = var.max_workers
  machine_type            = var.machine_type
  ip_configuration        = var.worker_public_ips ? "WORKER_IP_PUBLIC" : "WORKER_IP_PRIVATE"
  network                 = var.network
  subnetwork              = var.subnetwork

  # Destroying (or replacing) the job drains it: it stops reading and finishes what it holds.
  on_delete = "drain"
  # Steps renamed since the running job, for an in-place update: { "OldStep" = "NewStep" }.
  transform_name_mapping = var.transform_name_mapping

  # Template parameters: runners/dataflow/metadata.json.
  parameters = merge({
    inputType         = "pubsub"
    subscription      = google_pubsub_subscription.crashes.id
    outputType        = "bigquery"
    bigQueryDataset   = "${var.project_id}:${google_bigquery_dataset.crashflow.dataset_id}"
    archive           = "gs://${google_storage_bucket.archive.name}/archive"
    symbols           = "gs://${google_storage_bucket.symbols.name}"
    issueSignalsTopic = google_pubsub_topic.issue_signals.id
  }, var.pipeline_parameters)

  depends_on = [
    google_bigquery_table.tables,
    google_project_iam_member.dataflow_worker,
    google_bigquery_dataset_iam_member.worker_writes_tables,
    google_pubsub_subscription_iam_member.worker_reads_crashes,
    google_pubsub_topic_iam_member.worker_publishes_signals,
    google_storage_bucket_iam_member.worker_writes_archive,
    google_storage_bucket_iam_member.worker_uses_temp,
    google_storage_bucket_iam_member.worker_reads_symbols,
    google_artifact_registry_repository_iam_member.worker_pulls_image,
  ]
}
