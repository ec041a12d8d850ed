package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue-tracking options are checked with the others, all problems reported at once. */
class IssueOptionsTest {
  @TempDir Path tmp;

  static CrashflowOptions options(String... args) {
    PipelineOptionsFactory.register(CrashflowOptions.class);
    return PipelineOptionsFactory.fromArgs(args).as(CrashflowOptions.class);
  }

  @Test
  void theDefaultsAndAnExistingResolutionsFileAreValid() throws Exception {
    Path res = Files.writeString(tmp.resolve("resolutions.jsonl"), "");
    assertDoesNotThrow(() -> OptionsValidator.validate(options()));
    assertDoesNotThrow(() -> OptionsValidator.validate(options("--issueResolutions=" + res,
        "--issueSignalsTopic=projects/p/topics/issue-signals")));
    assertDoesNotThrow(() -> OptionsValidator.validate(options("--issueResolutions=gs://b/r.jsonl")),
        "a gs:// file is read (and reported) by the workers");
    CrashPipeline.trackIssues(options("--issueResolutions=" + res)); // builds from the options
  }

  @Test
  void everyBadIssueOptionIsReportedTogether() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        OptionsValidator.validate(options("--issueWindow=5 minutes", "--issueSpikeFactor=0.5",
            "--issueSpikeMinEvents=0", "--issueSignalsTopic=issue-signals",
            "--issueResolutions=" + tmp.resolve("missing.jsonl"))));
    for (String expected : new String[] {"--issueWindow: not a duration", "--issueSpikeFactor must be at least 1",
        "--issueSpikeMinEvents must be at least 1", "--issueSignalsTopic must be projects/<p>/topics/<t>",
        "--issueResolutions: no such file"}) {
      assertTrue(e.getMessage().contains(expected), expected + " in " + e.getMessage());
    }
  }

  @Test
  void theTtlMustOutliveTheLateness() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        OptionsValidator.validate(options("--issueStateTtl=2d", "--allowedLateness=3d")));
    assertTrue(e.getMessage().contains("--issueStateTtl (2d) must exceed"), e.getMessage());
  }
}
