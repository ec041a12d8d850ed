package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.rows.IssueRows;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Publishes {@code issue_signals} rows to a Pub/Sub topic for alerting: the body is the row's
 * JSON, the attributes {@code signal_type}, {@code app_id}, {@code issue_id} and {@code
 * signal_id}, so a subscription can filter (e.g. {@code attributes.signal_type = "REGRESSED"})
 * and a consumer can drop redeliveries by {@code signal_id}. Counter: {@code
 * issue_signals_published}.
 */
public class PublishIssueSignals extends PTransform<PCollection<TableRow>, PDone> {
  private final String topic;

  private PublishIssueSignals(String topic) {
    this.topic = topic;
  }

  /** Publishes to {@code projects/<p>/topics/<t>}. */
  public static PublishIssueSignals to(String topic) {
    return new PublishIssueSignals(topic);
  }

  @Override
  public PDone expand(PCollection<TableRow> signals) {
    return signals
        .apply("ToPubsubMessages", ParDo.of(new ToMessageFn()))
        .setCoder(PubsubMessageWithAttributesCoder.of())
        .apply("Publish", PubsubIO.writeMessages().to(topic));
  }

  static class ToMessageFn extends DoFn<TableRow, PubsubMessage> {
    private final Counter published = Metrics.counter("crashflow", "issue_signals_published");

    @ProcessElement
    public void process(@Element TableRow row, OutputReceiver<PubsubMessage> out) {
      published.inc();
      out.output(new PubsubMessage(IssueRows.json(row), IssueRows.signalAttributes(row)));
    }
  }
}
