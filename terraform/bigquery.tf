# The dataset, one table per entry of schemas/tables.json (schema from schemas/<table>.json,
# partitioning and clustering from tables.json) and one view per schemas/views/<view>.sql.
# Nothing here names a table: a table added to tables.json is created by the next apply.

locals {
  tables = jsondecode(file("${path.module}/../schemas/tables.json"))

  # schemas/views/<name>.sql, BigQuery standard SQL, tables written `${project}.${dataset}.<table>`
  view_sql = {
    for f in fileset("${path.module}/../schemas/views", "*.sql") :
    trimsuffix(f, ".sql") => templatefile("${path.module}/../schemas/views/${f}", {
      project = var.project_id
      dataset = var.dataset_id
    })
  }
  # BigQuery checks a view's query when it is created, so a view that reads another view is
  # created after the views that read tables only.
  view_refs = {
    for name, sql in local.view_sql : name => toset(flatten(regexall(
      format("`%s[.]%s[.]([A-Za-z_][A-Za-z0-9_]*)`", replace(var.project_id, ".", "[.]"), var.dataset_id), sql)))
  }
  base_views    = { for name, sql in local.view_sql : name => sql if length(setintersection(local.view_refs[name], keys(local.view_sql))) == 0 }
  derived_views = { for name, sql in local.view_sql : name => sql if length(setintersection(local.view_refs[name], keys(local.view_sql))) > 0 }
}

resource "google_bigquery_dataset" "crashflow" {
  dataset_id                 = var.dataset_id
  location                   = local.dataset_location
  description                = "crashflow: crash events, counts, sessions, issues, signals and dead letters (tables from schemas/)."
  labels                     = local.labels
  delete_contents_on_destroy = !var.deletion_protection
  depends_on                 = [google_project_service.apis]
}

resource "google_bigquery_table" "tables" {
  for_each = local.tables

  dataset_id               = google_bigquery_dataset.crashflow.dataset_id
  table_id                 = each.key
  description              = each.value.description
  schema                   = file("${path.module}/../schemas/${each.key}.json")
  labels                   = local.labels
  deletion_protection      = var.deletion_protection
  require_partition_filter = var.require_partition_filter

  time_partitioning {
    type  = "DAY"
    field = each.value.partition_field
    # days -> ms; null (the default) keeps partitions forever
    expiration_ms = try(coalesce(lookup(var.partition_expiration_days, each.key, null), var.default_partition_expiration_days) * 86400000, null)
  }
  clustering = each.value.clustering
}

resource "google_bigquery_table" "views" {
  for_each = local.base_views

  dataset_id          = google_bigquery_dataset.crashflow.dataset_id
  table_id            = each.key
  labels              = local.labels
  deletion_protection = false
  view {
    query          = each.value
    use_legacy_sql = false
  }
  depends_on = [google_bigquery_table.tables]
}

resource "google_bigquery_table" "derived_views" {
  for_each = local.derived_views

  dataset_id          = google_bigquery_dataset.crashflow.dataset_id
  table_id            = each.key
  labels              = local.labels
  deletion_protection = false
  view {
    query          = each.value
    use_legacy_sql = false
  }
  depends_on = [google_bigquery_table.tables, google_bigquery_table.views]
}
