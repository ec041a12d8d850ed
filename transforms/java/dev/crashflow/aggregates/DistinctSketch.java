package dev.crashflow.aggregates;

/**
 * A mergeable distinct-count sketch of string ids (users, installations), serialised into a
 * BYTES column. Two formats, chosen by where the rows go ({@link Format}):
 *
 * <ul>
 *   <li>{@link Format#ZETASKETCH}: a HyperLogLog++ sketch (precision 15, sparse precision 20,
 *       BigQuery's defaults) in the format BigQuery's {@code HLL_COUNT.MERGE},
 *       {@code HLL_COUNT.MERGE_PARTIAL} and {@code HLL_COUNT.EXTRACT} read, for the BigQuery
 *       sink. Approximate beyond a few thousand ids (about 0.5% error at precision 15).
 *   <li>{@link Format#LOCAL}: the sorted distinct 64-bit hashes of the ids (the first 16 hex
 *       digits of their MD5), as comma-separated text, for the local warehouse, whose DuckDB
 *       cannot read zetasketch bytes. Exact, bigger, and read by the {@code HLL_COUNT.*}
 *       stand-ins of the local warehouse, so the same view SQL runs on both.
 * </ul>
 *
 * Not thread-safe; sketches of different formats do not merge.
 */
public interface DistinctSketch {

  /** Adds one id; null and empty ids are ignored. */
  void add(String id);

  /** Adds every id of {@code other} (same format). */
  void merge(DistinctSketch other);

  /** The number of distinct ids: exact for LOCAL, an HLL++ estimate for ZETASKETCH. */
  long cardinality();

  /** The column bytes. */
  byte[] toBytes();

  Format format();

  /** The serialised formats. */
  enum Format {
    ZETASKETCH,
    LOCAL;

    public DistinctSketch empty() {
      return this == ZETASKETCH ? new ZetaSketch() : new HashSketch();
    }

    /** Reads bytes written by {@link DistinctSketch#toBytes()} in this format. */
    public DistinctSketch fromBytes(byte[] bytes) {
      return this == ZETASKETCH ? ZetaSketch.fromBytes(bytes) : HashSketch.fromBytes(bytes);
    }
  }
}
