# Crash events arrive on one topic; the job reads one subscription. Messages the subscription
# cannot get acknowledged after max_delivery_attempts go to a dead-letter topic, kept on its own
# subscription (a topic without one drops what it receives). Dataflow acknowledges a message once
# it has durably committed it and extends ack deadlines itself, so crashflow's own dead_letters
# table takes bad input; this is a backstop for messages the job could not even take in.

resource "google_pubsub_topic" "crashes" {
  name                       = "${var.name_prefix}-crashes"
  labels                     = local.labels
  message_retention_duration = var.topic_message_retention
  depends_on                 = [google_project_service.apis]
}

resource "google_pubsub_topic" "crashes_dead_letter" {
  name                       = "${var.name_prefix}-crashes-dead-letter"
  labels                     = local.labels
  message_retention_duration = var.topic_message_retention
  depends_on                 = [google_project_service.apis]
}

resource "google_pubsub_subscription" "crashes" {
  name                       = "${var.name_prefix}-crashes"
  topic                      = google_pubsub_topic.crashes.id
  labels                     = local.labels
  ack_deadline_seconds       = var.ack_deadline_seconds
  message_retention_duration = var.subscription_message_retention
  expiration_policy {
    ttl = "" # never expires, even when the job is stopped for a while
  }
  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.crashes_dead_letter.id
    max_delivery_attempts = var.max_delivery_attempts
  }
  retry_policy {
    minimum_backoff = var.retry_minimum_backoff
    maximum_backoff = var.retry_maximum_backoff
  }
}

# Keeps what is dead-lettered until someone looks (and replays it with `crashflow publish`).
resource "google_pubsub_subscription" "crashes_dead_letter" {
  name                       = "${var.name_prefix}-crashes-dead-letter"
  topic                      = google_pubsub_topic.crashes_dead_letter.id
  labels                     = local.labels
  message_retention_duration = var.subscription_message_retention
  expiration_policy {
    ttl = ""
  }
}

# Issue lifecycle signals (NEW_ISSUE, REGRESSED, SPIKING, ...) for alerting; the job publishes
# every issue_signals row here (--issueSignalsTopic). Alerting tools add their own subscription.
resource "google_pubsub_topic" "issue_signals" {
  name                       = "${var.name_prefix}-issue-signals"
  labels                     = local.labels
  message_retention_duration = var.topic_message_retention
  depends_on                 = [google_project_service.apis]
}

# Dead lettering needs the Pub/Sub service agent to publish to the dead-letter topic and to
# acknowledge (subscribe) on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.crashes_dead_letter.id
  role   = "roles/pubsub.publisher"
  member = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_forwarder" {
  subscription = google_pubsub_subscription.crashes.id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}
