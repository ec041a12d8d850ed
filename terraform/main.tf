# crashflow on GCP: what the production Dataflow job needs. The tables and views come from
# ../schemas (the same files the pipeline reads), so Terraform creates exactly the tables the
# pipeline writes.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  labels = merge({ app = "crashflow" }, var.labels)

  # Pub/Sub's own service agent: it publishes dead letters and acknowledges them on the source.
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  worker       = "serviceAccount:${google_service_account.worker.email}"

  bucket_location  = coalesce(var.bucket_location, var.region)
  dataset_location = coalesce(var.dataset_location, var.region)

  template_spec_path = coalesce(var.template_spec_path, "gs://${google_storage_bucket.temp.name}/templates/crashflow.json")
}

resource "google_project_service" "apis" {
  for_each = var.enable_apis ? toset([
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerystorage.googleapis.com",
    "cloudbuild.googleapis.com",
    "compute.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "pubsub.googleapis.com",
    "storage.googleapis.com",
  ]) : toset([])
  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
