package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.junit.jupiter.api.Test;

/**
 * What travels between steps is coded compactly: on Flink every consumer of a step gets its own
 * encoded copy of each element and every keyed step sorts encoded elements, and a PCollection
 * whose coder Beam inferred from a Serializable type silently goes through Java serialization
 * (class descriptors, boxed fields), several times the cost. Only rare or tiny elements may: dead
 * letters (a few percent of messages) and the input file ranges.
 */
class PipelineCodersTest {
  private static final Set<String> ALLOWED = Set.of("DeadLetter", "FileRange");

  @Test
  void noBusyPCollectionIsJavaSerialized() {
    for (List<String> args : List.of(
        List.of("--runner=DirectRunner", "--input=/tmp/none/*.jsonl", "--output=/tmp/none-out"),
        List.of("--runner=DirectRunner", "--input=/tmp/none/*.jsonl", "--output=/tmp/none-out",
            "--perAppTables=true"),
        List.of("--runner=DirectRunner", "--project=my-game", "--inputType=pubsub",
            "--subscription=projects/my-game/subscriptions/crashes", "--outputType=bigquery",
            "--bigQueryDataset=my-game:crashflow", "--archive=gs://my-game-archive/archive",
            "--issueSignalsTopic=projects/my-game/topics/signals"))) {
      CrashflowOptions o = CrashPipeline.options(args.toArray(String[]::new));
      Pipeline p = Pipeline.create(o);
      CrashPipeline.build(p, o, IoOverrides.NONE);
      Map<String, String> serialized = new TreeMap<>();
      Set<String> crashflowTypes = new TreeSet<>();
      p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
        @Override
        public void visitValue(PValue value, TransformHierarchy.Node producer) {
          if (value instanceof PCollection<?> pc) {
            javaSerialized(pc.getCoder(), producer.getFullName(), serialized, crashflowTypes);
          }
        }
      });
      Set<String> types = new TreeSet<>(serialized.values());
      types.removeAll(ALLOWED);
      assertEquals(Set.of(), types, "Java-serialized PCollections with " + args + ": " + serialized);
      assertTrue(crashflowTypes.containsAll(Set.of("CrashEvent", "RawMessage")),
          "the walk saw the pipeline's own coders: " + crashflowTypes);
    }
  }

  /** Records every SerializableCoder inside {@code coder} (components included) by step. */
  private static void javaSerialized(Coder<?> coder, String step, Map<String, String> out,
      Set<String> seen) {
    if (coder instanceof SerializableCoder<?> s) {
      if (s.getRecordType().getName().startsWith("dev.crashflow")) { // not Beam's own (sources)
        out.put(step + " " + out.size(), s.getRecordType().getSimpleName());
      }
      return;
    }
    String name = coder.getClass().getSimpleName();
    if (name.endsWith("Coder") && coder.getClass().getName().startsWith("dev.crashflow")) {
      seen.add(name.substring(0, name.length() - "Coder".length()));
    }
    for (Coder<?> c : coder.getCoderArguments()) {
      javaSerialized(c, step, out, seen);
    }
  }
}
