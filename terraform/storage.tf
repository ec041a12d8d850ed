# Three buckets: the raw archive (replayable, colder and then deleted with age), the symbol store
# (versioned: a re-upload never loses the file a running job cached), and temp/staging/templates
# for Dataflow.

resource "google_storage_bucket" "archive" {
  name                        = "${var.project_id}-${var.name_prefix}-archive"
  location                    = local.bucket_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  # Replays read recent hours; older data is kept for backfills at a colder price.
  lifecycle_rule {
    condition {
      age                   = var.archive_cold_after_days
      matches_storage_class = ["STANDARD"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = var.archive_cold_storage_class
    }
  }
  lifecycle_rule {
    condition {
      age = var.archive_retention_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    precondition {
      condition     = var.archive_retention_days > var.archive_cold_after_days
      error_message = "archive_retention_days must exceed archive_cold_after_days."
    }
  }
  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket" "symbols" {
  name                        = "${var.project_id}-${var.name_prefix}-symbols"
  location                    = local.bucket_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.symbols_noncurrent_retention_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket" "temp" {
  name                        = "${var.project_id}-${var.name_prefix}-temp"
  location                    = local.bucket_location
  labels                      = local.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # Only temp/ expires: staging/ holds the jar workers download when the job scales up, and
  # templates/ the template spec.
  lifecycle_rule {
    condition {
      age            = var.temp_retention_days
      matches_prefix = ["temp/"]
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}
