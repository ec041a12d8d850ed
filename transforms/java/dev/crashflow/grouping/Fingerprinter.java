package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.FileNames;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * crashflow's grouping engine: which issue an event belongs to, and why.
 *
 * <p>An event's stacks (chained exceptions oldest to newest, else the crashed thread) go through
 * the stack-trace rules (built-in and per app, {@link GroupingConfig}); each frame then counts by
 * its platform's stable parts ({@link FrameFacts}), never by line or address. Two variants are
 * built, in-app frames only and all frames; the in-app one wins when any in-app frame counts.
 * Exception types always count; messages (normalised, {@link MessageNormalizer}) only when no
 * frame does. A fingerprint rule or the SDK's {@code fingerprint} replaces the result, or mixes it
 * in with {@code {{ default }}}.
 *
 * <p>{@code fingerprint} is the SHA-256 (first 16 bytes, hex) of the values that count, each
 * component ({@code id=value} lines; a frame's lines together) digested on its own first ({@link
 * #fingerprintOf}); {@code issueId} also hashes the app id, so the same crash in two
 * apps makes two issues. {@link #explain} shows the component tree behind it. Plain Java, no Beam
 * types; thread-safe.
 */
public final class Fingerprinter {
  public static final String VERSION = "crashflow-2";
  private static final int TITLE_MAX = 200;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Fingerprinter::sha256);
  private static final ThreadLocal<MessageDigest> COMPONENT = ThreadLocal.withInitial(Fingerprinter::sha256);

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bits of {@link #ids}' size: 16k inputs (distinct issues, per variant that counts). */
  private static final int ID_CACHE_BITS = 14;

  private final Function<String, GroupingConfig> configs;
  private final IssueIdCache ids = new IssueIdCache(ID_CACHE_BITS);

  /** Groups with the built-in rules only. */
  public Fingerprinter() {
    this(GroupingConfig.builtIn());
  }

  /** Groups every app's events with one set of rules. */
  public Fingerprinter(GroupingConfig config) {
    this(app -> config);
  }

  /** Groups each app's events with its own rules ({@link GroupingConfigs} refreshes them). */
  public Fingerprinter(Function<String, GroupingConfig> configs) {
    this.configs = configs;
  }

  /** The grouping of an event. */
  public Grouping group(CrashEvent e) {
    String app = e.appIdOrUnknown();
    EventGrouping g = new EventGrouping(e, configs.apply(app));
    DigestSink sink = DigestSink.get();
    long[] key = sink.key;
    boolean byFrames = g.custom == null && g.framesCount;
    if (byFrames) {
      // The hash input is the stacks' types and counting frames: found by the stacks' keys,
      // without gathering it (the two variants' keys, so the entry holds the variant id too).
      long a = 0x3C6EF372FE94F82BL ^ (g.useInApp ? 1 : 2);
      long b = 0xA54FF53A5F1D36F1L;
      for (GroupingStack s : g.stacks) {
        long t1 = 0;
        long t2 = 0;
        if (s.exception != null && EventGrouping.typeCounts(s.exception)) {
          ValueDigest d = ValueDigest.of("type", EventGrouping.typeName(s.exception));
          t1 = d.d1;
          t2 = d.d2 | 1; // never 0, the mark of no type
        }
        GroupingStack.Variant v = g.chosen(s);
        GroupingStack.Variant all = s.core.all;
        a = FrameKey.mix((a ^ t1) * FrameKey.M1);
        b = FrameKey.mix((b ^ t2) * FrameKey.M2 + a);
        a = FrameKey.mix((a ^ (v.contributes ? v.k1 : 0)) * FrameKey.M3);
        b = FrameKey.mix((b ^ (v.contributes ? v.k2 : 1)) * FrameKey.M4 + a);
        a = FrameKey.mix((a ^ (all.contributes ? all.k1 : 0)) * FrameKey.M1);
        b = FrameKey.mix((b ^ (all.contributes ? all.k2 : 1)) * FrameKey.M2 + a);
      }
      key[0] = a;
      key[1] = FrameKey.mix(b + g.stacks.size());
    } else {
      g.emit(sink);
      IssueIdCache.key(sink.buf, sink.at, key);
    }
    IssueIdCache.Entry id = ids.get(key[0], key[1], app);
    if (id == null) {
      if (byFrames) {
        g.emit(sink);
      }
      String fingerprint = sink.hex();
      String issueId = issueId(app, fingerprint);
      id = new IssueIdCache.Entry(key[0], key[1], ids.app(app), fingerprint, issueId,
          byFrames ? g.variantId(issueId) : null);
      ids.put(id);
    }
    return grouping(g, id.fingerprint, id.issueId,
        id.variantId != null ? id.variantId : g.variantId(id.id1, id.id2));
  }

  /** The grouping of an event with the component trees and hash input that produced it. */
  public GroupingResult explain(CrashEvent e) {
    EventGrouping g = new EventGrouping(e, configs.apply(e.appIdOrUnknown()));
    List<String> input = new ArrayList<>();
    g.emit(new EventGrouping.Sink() {
      @Override
      public void value(String id, String value) {
        input.add(id + "=" + value);
      }

      @Override
      public void frame(FrameFacts facts, String offset, long d1, long d2) {
        String text = offset != null ? GroupingStack.offsetKey(facts, offset) : facts.key;
        input.add(text.substring(0, text.length() - 1));
      }
    });
    String fingerprint = fingerprintOf(input);
    String issueId = issueId(g.event.appIdOrUnknown(), fingerprint);
    Grouping grouping = grouping(g, fingerprint, issueId, g.variantId(issueId));
    return GroupingTrees.result(g, grouping, input);
  }

  /**
   * The fingerprint of a hash input: each component's text ({@code id=value} lines; a frame's
   * lines together) is digested, and the fingerprint is the SHA-256 of those digests in order.
   * Frames are digested once per distinct frame and cached; {@link #group} also caches the
   * result per input ({@link IssueIdCache}), so a known input costs no SHA-256 at all.
   */
  static String fingerprintOf(List<String> components) {
    MessageDigest md = SHA256.get();
    md.reset();
    for (String c : components) {
      md.update(digest(c + "\n"));
    }
    return hex16(md.digest());
  }

  /** The first 16 bytes of the SHA-256 of a component's text. */
  static byte[] digest(String text) {
    MessageDigest md = COMPONENT.get();
    md.reset();
    return java.util.Arrays.copyOf(md.digest(text.getBytes(StandardCharsets.UTF_8)), 16);
  }

  /** The issue id: an app's fingerprint (the same crash in two apps makes two issues). */
  private static String issueId(String app, String fingerprint) {
    return hash(app + "\n" + fingerprint);
  }

  private Grouping grouping(EventGrouping g, String fingerprint, String issueId, String variantId) {
    String culprit = g.blame == null ? null : g.blameOffset == null ? g.blameEntry.culprit(g.blame)
        : describe(g.blame, g.blameFacts, g.blameOffset);
    String title = g.rule != null && g.rule.title() != null ? resolveTitle(g, g.rule.title())
        : title(g, culprit);
    if (title.length() > TITLE_MAX) {
      title = title.substring(0, TITLE_MAX) + "…";
    }
    String owner = g.blame == null ? null
        : (g.blameInApp ? FrameOwner.DEVELOPER : g.blameFacts.owner).name();
    return new Grouping(issueId, fingerprint, VERSION, title, culprit, culprit, g.blame, owner,
        variantId);
  }

  /** {@code Type: first line of message}, else the message, else the crash function. */
  private static String title(EventGrouping g, String culprit) {
    CrashException main = g.chain.isEmpty() ? null : g.chain.get(g.chain.size() - 1);
    if (main != null) {
      String type = main.type() == null ? "" : main.type();
      String value = main.value() == null ? "" : MessageNormalizer.firstLines(main.value().strip(), 1);
      String t = value.isEmpty() ? type : type.isEmpty() ? value : type + ": " + value;
      if (!t.isEmpty()) {
        return t;
      }
    }
    String message = g.event.message();
    if (!EventGrouping.isBlank(message)) {
      return MessageNormalizer.firstLines(message.strip(), 1);
    }
    return culprit != null ? culprit : "<unknown>";
  }

  private static String resolveTitle(EventGrouping g, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("{{", i);
      int close = open < 0 ? -1 : template.indexOf("}}", open);
      if (close < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open);
      String name = template.substring(open + 2, close).strip();
      String v;
      try {
        v = g.variable(FingerprintRules.variable("title", 0, name));
      } catch (RuleSyntaxException unknown) {
        v = template.substring(open, close + 2);
      }
      out.append(FingerprintRules.DEFAULT.equals(name) ? title(g, null) : v);
      i = close + 2;
    }
    return out.toString();
  }

  /**
   * How a frame reads as a culprit: {@code module.function}, {@code libfoo.so in function}, or
   * {@code libfoo.so+0x1a2b} unsymbolicated.
   */
  static String describe(Frame f, FrameFacts facts, String offset) {
    if (facts.function == null && offset != null && facts.image != null && !facts.image.isEmpty()) {
      return FileNames.baseName(f.pkg() != null ? f.pkg() : facts.image) + "+0x" + offset;
    }
    String fn = facts.function != null ? facts.function
        : f.function() != null ? f.function() : f.instructionAddr();
    if (f.module() != null && !facts.family.equals(Families.NATIVE)) {
      return f.module() + "." + fn;
    }
    String file = facts.pkg != null ? FileNames.baseName(facts.pkg)
        : f.filename() != null ? FileNames.baseName(f.filename()) : "";
    return file.isEmpty() ? fn : file + " in " + fn;
  }

  /** The first 16 bytes of SHA-256, hex. */
  static String hash(String s) {
    MessageDigest md = SHA256.get();
    md.reset();
    return hex16(md.digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** The first 16 bytes of a SHA-256 digest, hex: fingerprints and issue ids. */
  private static String hex16(byte[] sha) {
    return HexFormat.of().formatHex(sha, 0, 16);
  }

  /**
   * The digest of an {@code id=value} component, from a small fixed table: an event's exception
   * types are mostly ones seen just before, and each SHA-256 run (with its strings and arrays)
   * cost more than a hash and compare of the value. Immutable entries, shared by threads; long
   * values are not kept.
   */
  private static final class ValueDigest {
    private static final ValueDigest[] TABLE = new ValueDigest[1024];
    private static final int MAX_KEPT = 256;
    final String id;
    final String value;
    final long d1;
    final long d2;

    private ValueDigest(String id, String value) {
      this.id = id;
      this.value = value;
      byte[] d = digest(id + "=" + value + "\n");
      this.d1 = FrameKey.longAt(d, 0);
      this.d2 = FrameKey.longAt(d, 8);
    }

    static ValueDigest of(String id, String value) {
      if (value == null || value.length() > MAX_KEPT) {
        return new ValueDigest(id, value);
      }
      int slot = (value.hashCode() * 31 + id.hashCode()) & (TABLE.length - 1);
      ValueDigest d = TABLE[slot];
      if (d == null || !d.value.equals(value) || !d.id.equals(id)) {
        d = new ValueDigest(id, value);
        TABLE[slot] = d;
      }
      return d;
    }
  }

  /**
   * Gathers the components' digests (values digested as they come, frames from their cached
   * digests) in one buffer: its key finds the fingerprint in {@link #ids}; only on a miss is it
   * hashed ({@link #hex}).
   */
  private static final class DigestSink implements EventGrouping.Sink {
    private static final ThreadLocal<DigestSink> SINKS = ThreadLocal.withInitial(DigestSink::new);
    byte[] buf = new byte[2048];
    int at;
    final long[] key = new long[2];

    /**
     * This thread's sink, emptied (one event at a time per thread); a buffer a huge event grew
     * is not kept.
     */
    static DigestSink get() {
      DigestSink s = SINKS.get();
      s.at = 0;
      if (s.buf.length > 65536) {
        s.buf = new byte[2048];
      }
      return s;
    }

    @Override
    public void value(String id, String value) {
      ValueDigest d = ValueDigest.of(id, value);
      frame(null, null, d.d1, d.d2);
    }

    @Override
    public void frame(FrameFacts facts, String offset, long d1, long d2) {
      room();
      FrameKey.putLong(buf, at, d1);
      FrameKey.putLong(buf, at + 8, d2);
      at += 16;
    }

    private void room() {
      if (at + 16 > buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
    }

    /** The fingerprint: SHA-256 of the digests gathered, first 16 bytes, hex. */
    String hex() {
      MessageDigest md = SHA256.get();
      md.reset();
      md.update(buf, 0, at);
      return hex16(md.digest());
    }
  }
}
