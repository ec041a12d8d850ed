variable "project_id" {
  type        = string
  description = "GCP project id that holds everything (buckets are named <project_id>-<name_prefix>-*)."
  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id (6-30 lowercase letters, digits, hyphens), not a number or a name."
  }
}

variable "region" {
  type        = string
  description = "Region of the Dataflow job, the image repository and (by default) the buckets and dataset."
  default     = "europe-west1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of resource names: topics, subscription, buckets, service account, repository."
  default     = "crashflow"
  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{2,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "labels" {
  type        = map(string)
  description = "Extra labels on every resource that takes labels (app = crashflow is always set)."
  default     = {}
}

variable "enable_apis" {
  type        = bool
  description = "Enable the APIs crashflow uses (Dataflow, Pub/Sub, BigQuery, Storage, Artifact Registry, Cloud Build, Compute, IAM). Never disabled on destroy."
  default     = true
}

variable "deletion_protection" {
  type        = bool
  description = "Protect data from terraform destroy: tables keep deletion protection, the archive and symbol buckets and the dataset refuse to be deleted while not empty."
  default     = true
}

# --- Pub/Sub ---

variable "topic_message_retention" {
  type        = string
  description = "How long the topics keep published messages, so a subscription can be seeked back (e.g. after a bad deployment). 10 minutes to 31 days, in seconds: \"604800s\" is 7 days."
  default     = "604800s"
}

variable "subscription_message_retention" {
  type        = string
  description = "How long the crash and dead-letter subscriptions keep unacknowledged messages (at most 7 days, \"604800s\"): how long the job may be down without losing data."
  default     = "604800s"
}

variable "ack_deadline_seconds" {
  type        = number
  description = "Acknowledgement deadline of the crash subscription, in seconds (Dataflow extends it while it holds a message)."
  default     = 60
  validation {
    condition     = var.ack_deadline_seconds >= 10 && var.ack_deadline_seconds <= 600
    error_message = "ack_deadline_seconds must be between 10 and 600."
  }
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of one message before Pub/Sub moves it to the dead-letter topic (5-100). High, because Dataflow may let deadlines lapse during scaling or updates."
  default     = 20
  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "retry_minimum_backoff" {
  type        = string
  description = "Least delay before a negatively acknowledged message is redelivered, e.g. \"10s\" (0-600s)."
  default     = "10s"
}

variable "retry_maximum_backoff" {
  type        = string
  description = "Largest delay before a negatively acknowledged message is redelivered, e.g. \"600s\" (0-600s)."
  default     = "600s"
}

# --- Cloud Storage ---

variable "bucket_location" {
  type        = string
  description = "Location of the buckets (a region or a multi-region such as EU). Null: var.region."
  default     = null
}

variable "archive_cold_after_days" {
  type        = number
  description = "Age in days after which raw archive objects move to archive_cold_storage_class."
  default     = 30
}

variable "archive_cold_storage_class" {
  type        = string
  description = "Colder storage class of the raw archive after archive_cold_after_days: NEARLINE, COLDLINE or ARCHIVE (minimum storage durations 30, 90, 365 days; reads cost more the colder it is)."
  default     = "COLDLINE"
  validation {
    condition     = contains(["NEARLINE", "COLDLINE", "ARCHIVE"], var.archive_cold_storage_class)
    error_message = "archive_cold_storage_class must be NEARLINE, COLDLINE or ARCHIVE."
  }
}

variable "archive_retention_days" {
  type        = number
  description = "Age in days after which raw archive objects are deleted; replays and backfills can reach back this far."
  default     = 400
}

variable "symbols_noncurrent_retention_days" {
  type        = number
  description = "Days a replaced symbol file (noncurrent version) is kept before it is deleted."
  default     = 90
}

variable "temp_retention_days" {
  type        = number
  description = "Days Dataflow temp files (gs://<temp bucket>/temp/) are kept."
  default     = 7
}

# --- BigQuery ---

variable "dataset_id" {
  type        = string
  description = "BigQuery dataset of the crashflow tables and views."
  default     = "crashflow"
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,1023}$", var.dataset_id))
    error_message = "dataset_id may contain letters, digits and underscores only."
  }
}

variable "dataset_location" {
  type        = string
  description = "Location of the dataset (a region or US/EU). Null: var.region."
  default     = null
}

variable "default_partition_expiration_days" {
  type        = number
  description = "Partition expiration in days for every table not named in partition_expiration_days. Null: partitions are kept forever."
  default     = null
}

variable "partition_expiration_days" {
  type        = map(number)
  description = "Partition expiration in days per table, e.g. { dead_letters = 30, crash_events = 400 }. Tables not named use default_partition_expiration_days."
  default     = {}
}

variable "require_partition_filter" {
  type        = bool
  description = "Require queries on the tables to filter on the partition column (guards against full scans)."
  default     = false
}

variable "allow_bigquery_load_jobs" {
  type        = bool
  description = "Grant the worker roles/bigquery.jobUser so --bigQueryWriteMethod=FILE_LOADS (batch backfills) can run load jobs. The streaming job's Storage Write API does not need it."
  default     = true
}

# --- Dataflow ---

variable "launcher_members" {
  type        = list(string)
  description = "Principals allowed to launch jobs as the worker service account (roles/iam.serviceAccountUser on it), e.g. [\"user:me@example.com\", \"serviceAccount:ci@p.iam.gserviceaccount.com\"]. They also need roles/dataflow.developer."
  default     = []
}

variable "deploy_job" {
  type        = bool
  description = "Run the streaming job. Needs the template spec at template_spec_path: build it with runners/dataflow/build-template.sh after a first apply with false."
  default     = false
}

variable "template_spec_path" {
  type        = string
  description = "gs:// path of the Flex Template spec. Null: gs://<temp bucket>/templates/crashflow.json, where build-template.sh writes with the launch_env settings."
  default     = null
}

variable "job_name" {
  type        = string
  description = "Dataflow job name. An in-place update (a new template or parameters) keeps the name; a new name starts a second job."
  default     = "crashflow"
  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.job_name))
    error_message = "job_name must be lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "num_workers" {
  type        = number
  description = "Workers at job start; autoscaling moves between 1 and max_workers from there."
  default     = 1
}

variable "max_workers" {
  type        = number
  description = "Autoscaling ceiling: the most workers the job may use, which bounds its cost (see the README's cost section)."
  default     = 10
  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 1000
    error_message = "max_workers must be between 1 and 1000."
  }
}

variable "machine_type" {
  type        = string
  description = "Worker machine type. n1-standard-2 (2 vCPU, 7.5 GB) is Dataflow's default with Streaming Engine and leaves room for the 512 MB symbol cache."
  default     = "n1-standard-2"
}

variable "worker_public_ips" {
  type        = bool
  description = "Give workers public IPs. False needs a subnetwork with Private Google Access."
  default     = true
}

variable "network" {
  type        = string
  description = "VPC network of the workers. Null: the project's default network."
  default     = null
}

variable "subnetwork" {
  type        = string
  description = "Subnetwork of the workers, as regions/<region>/subnetworks/<name>. Null: the network's subnetwork in var.region."
  default     = null
}

variable "transform_name_mapping" {
  type        = map(string)
  description = "For an in-place update after renaming steps: old step name => new step name (Dataflow's --transformNameMapping)."
  default     = {}
}

variable "pipeline_parameters" {
  type        = map(string)
  description = "More template parameters (runners/dataflow/metadata.json), e.g. { dedupHorizon = \"2h\", maxEventAge = \"7d\" }; they override Terraform's own."
  default     = {}
}
