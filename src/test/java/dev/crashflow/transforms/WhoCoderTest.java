package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.transforms.CountCrashesPerWindow.Who;
import dev.crashflow.transforms.CountCrashesPerWindow.WhoCoder;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** Who an event happened to travels as two nullable strings, canonically and smaller than Java serialization. */
class WhoCoderTest {
  @Test
  void whoComesBackEqualEncodesCanonicallyAndIsSmaller() throws Exception {
    List<Who> values = List.of(new Who("user-1", "install-1"), new Who(null, null),
        new Who("", null), new Who(null, "i\u00e9\ud83d\ude00"), new Who("", ""));
    long compact = 0;
    long java = 0;
    for (Who w : values) {
      CoderProperties.coderDecodeEncodeEqual(WhoCoder.INSTANCE, w);
      Who copy = new Who(w.user(), w.installation());
      CoderProperties.coderDeterministic(WhoCoder.INSTANCE, w, copy);
      CoderProperties.coderConsistentWithEquals(WhoCoder.INSTANCE, w, copy);
      CoderProperties.structuralValueConsistentWithEquals(WhoCoder.INSTANCE, w, copy);
      compact += CoderUtils.encodeToByteArray(WhoCoder.INSTANCE, w).length;
      java += CoderUtils.encodeToByteArray(SerializableCoder.of(Who.class), w).length;
    }
    // null and empty differ, and so do their encodings
    CoderProperties.structuralValueConsistentWithEquals(WhoCoder.INSTANCE, values.get(1), values.get(2));
    CoderProperties.coderSerializable(WhoCoder.INSTANCE);
    assertTrue(compact * 4 < java, "compact " + compact + " bytes vs Java serialization " + java);
  }
}
