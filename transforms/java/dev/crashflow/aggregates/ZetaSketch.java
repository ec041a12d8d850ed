package dev.crashflow.aggregates;

import com.google.zetasketch.HyperLogLogPlusPlus;

/** {@link DistinctSketch.Format#ZETASKETCH}: BigQuery-compatible HLL++ over strings. */
final class ZetaSketch implements DistinctSketch {
  /** BigQuery's HLL_COUNT.INIT default precision; sparse precision is the library's +5. */
  static final int PRECISION = 15;

  private HyperLogLogPlusPlus<String> hll;

  ZetaSketch() {
    this.hll = new HyperLogLogPlusPlus.Builder().normalPrecision(PRECISION).buildForStrings();
  }

  @SuppressWarnings("unchecked")
  static ZetaSketch fromBytes(byte[] bytes) {
    ZetaSketch s = new ZetaSketch();
    if (bytes.length > 0) {
      try {
        s.hll = (HyperLogLogPlusPlus<String>) HyperLogLogPlusPlus.forProto(bytes);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a zetasketch HLL++ sketch: " + e.getMessage(), e);
      }
    }
    return s;
  }

  @Override
  public void add(String id) {
    if (id != null && !id.isEmpty()) {
      hll.add(id);
    }
  }

  @Override
  public void merge(DistinctSketch other) {
    if (!(other instanceof ZetaSketch z)) {
      throw new IllegalArgumentException("cannot merge a " + other.format() + " sketch into HLL++");
    }
    hll.merge(z.hll);
  }

  @Override
  public long cardinality() {
    return hll.longResult();
  }

  @Override
  public byte[] toBytes() {
    return hll.serializeToByteArray();
  }

  @Override
  public Format format() {
    return Format.ZETASKETCH;
  }
}
