package dev.crashflow.transforms;

import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.aggregates.Tally;
import dev.crashflow.transforms.coders.TallyCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/** The combine of an aggregate table: inputs into a {@link Tally}, tallies merged. */
final class TallyFn<I, A extends Tally> extends Combine.CombineFn<I, A, A> {

  /** Makes an empty tally of a sketch format. */
  interface Factory<A> extends Serializable {
    A create(DistinctSketch.Format format);
  }

  /** Adds one input to a tally. */
  interface Adder<I, A> extends Serializable {
    void add(A tally, I input);
  }

  private final Class<A> type;
  private final Factory<A> factory;
  private final Adder<I, A> adder;
  private final DistinctSketch.Format format;

  TallyFn(Class<A> type, Factory<A> factory, Adder<I, A> adder, DistinctSketch.Format format) {
    this.type = type;
    this.factory = factory;
    this.adder = adder;
    this.format = format;
  }

  @Override
  public A createAccumulator() {
    return factory.create(format);
  }

  @Override
  public A addInput(A acc, I input) {
    adder.add(acc, input);
    return acc;
  }

  @Override
  public A mergeAccumulators(Iterable<A> accs) {
    A merged = createAccumulator();
    accs.forEach(merged::merge);
    return merged;
  }

  @Override
  public A extractOutput(A acc) {
    return acc;
  }

  /**
   * Compact, as the output: accumulators are what Flink's pre-combine sorts and spills. In
   * streaming they are also keyed state, so this coder is part of saved Flink savepoints and of
   * Dataflow's update compatibility check: a running streaming job saved with the Java-serialized
   * accumulators needs a fresh start (or drain) to take this change, not an in-place update.
   */
  @Override
  public Coder<A> getAccumulatorCoder(CoderRegistry registry, Coder<I> inputCoder) {
    return TallyCoder.of(type, factory::create);
  }

  /** The tallies going to the row step: compact, not Java serialization. */
  @Override
  public Coder<A> getDefaultOutputCoder(CoderRegistry registry, Coder<I> inputCoder) {
    return TallyCoder.of(type, factory::create);
  }
}
