package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Mechanism;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads exceptions, threads, their stack traces and {@code debug_meta.images} for one event.
 * Stack traces longer than {@code maxFrames} are rejected; longer than {@code keepFrames} keep
 * the frames nearest the crash (the last ones: frames run caller to callee), and the count of
 * frames cut is kept per exception/thread and in {@link #framesTrimmed()}.
 */
final class StackReader {
  private final DecodeLimits limits;
  private int framesTrimmed;

  StackReader(DecodeLimits limits) {
    this.limits = limits;
  }

  /** Frames cut from all stack traces read so far. */
  int framesTrimmed() {
    return framesTrimmed;
  }

  List<CrashException> exceptions(JsonObj event) throws DecodeException {
    List<JsonObj> values = event.valuesList("exception");
    List<CrashException> out = new ArrayList<>(values.size());
    for (JsonObj e : values) {
      String value = e.str("value");
      if (limits.scrubPii()) {
        value = PiiScrubber.scrub(value);
      }
      Trace trace = stacktrace(e.obj("stacktrace"));
      out.add(new CrashException(e.str("type"), value, e.str("module"), e.lng("thread_id"),
          mechanism(e.obj("mechanism")), trace.frames, trace.omitted));
    }
    return List.copyOf(out);
  }

  List<CrashThread> threads(JsonObj event) throws DecodeException {
    List<JsonObj> values = event.valuesList("threads");
    List<CrashThread> out = new ArrayList<>(values.size());
    for (JsonObj t : values) {
      // Thread ids are numbers or numeric strings; a symbolic id ("main") survives as the name.
      Long id;
      String name = t.str("name");
      JsonNode rawId = t.get("id");
      if (rawId != null && rawId.isTextual() && !rawId.asText().trim().matches("-?[0-9]+")) {
        id = null;
        name = name == null ? rawId.asText() : name;
      } else {
        id = t.lng("id");
      }
      Trace trace = stacktrace(t.obj("stacktrace"));
      out.add(new CrashThread(id, name, isTrue(t.bool("crashed")), isTrue(t.bool("current")),
          isTrue(t.bool("main")), t.str("state"), trace.frames, trace.omitted));
    }
    return List.copyOf(out);
  }

  List<DebugImage> images(JsonObj event) throws DecodeException {
    JsonObj meta = event.obj("debug_meta");
    if (meta == null) {
      return List.of();
    }
    List<JsonObj> images = meta.objects("images");
    List<DebugImage> out = new ArrayList<>(images.size());
    for (JsonObj i : images) {
      out.add(new DebugImage(i.str("type"), i.str("debug_id"), i.str("debug_file"),
          i.str("code_id"), i.str("code_file"), i.addr("image_addr"), i.lng("image_size"),
          i.str("arch"), i.str("uuid")));
    }
    return List.copyOf(out);
  }

  private record Trace(List<Frame> frames, int omitted) {}

  private Trace stacktrace(JsonObj st) throws DecodeException {
    if (st == null) {
      return new Trace(List.of(), 0);
    }
    JsonNode frames = st.array("frames");
    if (frames == null) {
      return new Trace(List.of(), 0);
    }
    int n = frames.size();
    if (n > limits.maxFrames()) {
      throw new DecodeException("too_many_frames", st.pathOf("frames") + " has " + n
          + " frames, the limit is " + limits.maxFrames());
    }
    int omitted = Math.max(0, n - limits.keepFrames());
    List<Frame> out = new ArrayList<>(n - omitted);
    Frame prev = null;
    for (JsonObj f : st.elements("frames", frames, omitted)) {
      prev = frame(f, prev);
      out.add(prev);
    }
    framesTrimmed += omitted;
    return new Trace(List.copyOf(out), omitted);
  }

  /**
   * A frame; fields that repeat the frame before's text (a library's package, image address and
   * platform, a class's module and file) are that frame's very strings, so a stack holds each
   * once and grouping compares them by reference ({@code CrashEventCoder} keeps this across
   * shuffles).
   */
  private static Frame frame(JsonObj f, Frame prev) throws DecodeException {
    String module = f.str("module");
    String filename = f.str("filename");
    String absPath = f.str("abs_path");
    String pkg = f.str("package");
    String platform = f.str("platform");
    String imageAddr = f.addr("image_addr");
    if (prev != null) {
      module = same(module, prev.module());
      filename = same(filename, prev.filename());
      absPath = same(absPath, prev.absPath());
      pkg = same(pkg, prev.pkg());
      platform = same(platform, prev.platform());
      imageAddr = same(imageAddr, prev.imageAddr());
    }
    return new Frame(f.str("function"), f.str("raw_function"), module, filename, absPath,
        f.integer("lineno"), f.integer("colno"), f.bool("in_app"), pkg, platform,
        f.addr("instruction_addr"), f.addr("symbol_addr"), imageAddr, f.str("addr_mode"));
  }

  /** {@code before} when it holds the same text as {@code now}, else {@code now}. */
  private static String same(String now, String before) {
    return now != null && now.equals(before) ? before : now;
  }

  private static Mechanism mechanism(JsonObj m) throws DecodeException {
    if (m == null) {
      return null;
    }
    JsonObj meta = m.obj("meta");
    JsonObj signal = meta == null ? null : meta.obj("signal");
    JsonObj mach = meta == null ? null : meta.obj("mach_exception");
    JsonObj nsError = meta == null ? null : meta.obj("ns_error");
    JsonObj data = m.obj("data");
    return new Mechanism(m.str("type"), m.bool("handled"), m.bool("synthetic"),
        m.integer("exception_id"), m.integer("parent_id"),
        signal == null ? null : signal.str("name"),
        signal == null ? null : signal.integer("number"),
        signal == null ? null : signal.integer("code"),
        mach == null ? null : mach.str("name"),
        data == null ? null : data.addr("relevant_address"),
        nsError == null ? null : nsError.str("domain"),
        nsError == null ? null : nsError.lng("code"));
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }
}
