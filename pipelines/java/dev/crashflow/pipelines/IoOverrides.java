package dev.crashflow.pipelines;

import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Test seams: a replacement Pub/Sub read (Beam's PubsubTestClient) and fake BigQuery services.
 * Production passes {@link #NONE}.
 */
public record IoOverrides(
    PTransform<PBegin, PCollection<PubsubMessage>> pubsubRead, BigQueryServices bigQueryServices)
    implements Serializable {

  public static final IoOverrides NONE = new IoOverrides(null, null);
}
