package dev.crashflow.transforms;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.symbolicate.SymbolSource;
import dev.crashflow.symbolicate.SymbolStore;
import dev.crashflow.symbolicate.Symbolicator;
import dev.crashflow.transforms.coders.CrashEventCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Symbolicates JVM frames (ProGuard/R8 mappings) and native frames (Breakpad symbols) from the
 * symbol store, in place, and sets each event's {@code symbolication_status} and missing debug
 * ids. Never drops an event: frames without symbols stay raw, and a replay from the raw archive
 * fills them in once the symbols are uploaded.
 *
 * <p>Counters: {@code symbolicate_<status>} per event, and {@code missing_symbols:<app>@<version>}
 * per event waiting for symbols, so the team knows what to upload. With no store configured every
 * event that needs symbols is {@code missing_symbols}.
 */
public class SymbolicateFrames extends PTransform<PCollection<CrashEvent>, PCollection<CrashEvent>> {
  private final String storeRoot;
  private final long cacheBytes;
  /** Made once per pipeline construction: workers share one symbol cache per job. */
  private final String job = java.util.UUID.randomUUID().toString();

  private SymbolicateFrames(String storeRoot, long cacheBytes) {
    this.storeRoot = storeRoot;
    this.cacheBytes = cacheBytes;
  }

  /** @param storeRoot local directory or {@code gs://} prefix; empty: no store */
  public static SymbolicateFrames from(String storeRoot, long cacheBytes) {
    return new SymbolicateFrames(storeRoot, cacheBytes);
  }

  @Override
  public PCollection<CrashEvent> expand(PCollection<CrashEvent> events) {
    return events.apply(ParDo.of(new SymbolicateFn(storeRoot, cacheBytes, job)))
        .setCoder(CrashEventCoder.of());
  }

  static class SymbolicateFn extends DoFn<CrashEvent, CrashEvent> {
    private final String storeRoot;
    private final long cacheBytes;
    private final String job;
    private transient Symbolicator symbolicator;

    SymbolicateFn(String storeRoot, long cacheBytes, String job) {
      this.storeRoot = storeRoot;
      this.cacheBytes = cacheBytes;
      this.job = job;
    }

    @Setup
    public void setup() {
      SymbolSource source = storeRoot == null || storeRoot.isEmpty()
          ? NoSymbols.INSTANCE : SymbolStore.shared(storeRoot, cacheBytes, job);
      symbolicator = new Symbolicator(source);
    }

    @ProcessElement
    public void process(@Element CrashEvent event, OutputReceiver<CrashEvent> out) {
      CrashEvent result = symbolicator.symbolicate(event.withoutRaw()); // the archive has the raw message
      SymbolicationStatus status = result.symbolicationStatus();
      Metrics.counter("crashflow", "symbolicate_" + status.columnValue()).inc();
      if (status == SymbolicationStatus.MISSING_SYMBOLS || status == SymbolicationStatus.PARTIAL) {
        Metrics.counter("crashflow", "missing_symbols:" + result.appIdOrUnknown() + "@"
            + result.app().version()).inc();
      }
      out.output(result);
    }
  }

  /** The source when no store is configured: nothing is ever found. */
  enum NoSymbols implements SymbolSource {
    INSTANCE;

    @Override
    public dev.crashflow.retrace.Retracer mapping(String uuid) {
      return null;
    }

    @Override
    public dev.crashflow.retrace.Retracer mappingForRelease(String appId, String version, String build) {
      return null;
    }

    @Override
    public dev.crashflow.symbols.SymbolIndex nativeSymbols(dev.crashflow.symbols.DebugId id, String file) {
      return null;
    }
  }
}
