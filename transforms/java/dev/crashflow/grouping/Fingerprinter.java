package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.FileNames;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The first grouping algorithm: a hash of the exception types and the in-app frames' module and
 * function (all frames when no frame is in-app; the normalised message when there are no frames).
 * Line numbers never count, and native frames count by function name, or by image file name and
 * image offset when unsymbolicated, so Android's random install paths do not split issues.
 *
 * <p>{@code fingerprint} is the hash of the components alone; {@code issueId} also hashes the app,
 * so the same crash in two apps makes two issues. Plain Java, no Beam types.
 */
public final class Fingerprinter {
  public static final String VERSION = "crashflow-1";
  private static final int TITLE_MAX = 200;

  /** The grouping of an event. */
  public Grouping group(CrashEvent e) {
    List<String> components = new ArrayList<>();
    List<Frame> blameStack = List.of();
    CrashException main = e.exceptions().isEmpty() ? null : e.exceptions().get(e.exceptions().size() - 1);
    boolean anyFrames = false;
    for (CrashException x : e.exceptions()) {
      components.add("type:" + nullToEmpty(x.qualifiedType())); // one key for both SDK shapes
      anyFrames |= addFrames(components, x.frames());
    }
    if (main != null) {
      blameStack = main.frames();
    }
    if (!anyFrames) {
      CrashThread crashed = crashedThread(e.threads());
      if (crashed != null) {
        anyFrames = addFrames(components, crashed.frames());
        if (blameStack.isEmpty()) {
          blameStack = crashed.frames();
        }
      }
    }
    if (!anyFrames) {
      String value = main != null && main.value() != null ? main.value() : e.message();
      components.add("message:" + MessageNormalizer.normalize(value));
    }
    if (!e.sdkFingerprint().isEmpty() && !e.sdkFingerprint().contains("{{ default }}")) {
      components.clear();
    }
    for (String f : e.sdkFingerprint()) {
      if (!f.equals("{{ default }}")) {
        components.add("sdk:" + f);
      }
    }
    String fingerprint = hash(String.join("\n", components));
    String issueId = hash(e.appIdOrUnknown() + "\n" + fingerprint);
    Frame blame = blameFrame(blameStack);
    String culprit = blame == null ? null : describe(blame);
    String title = title(main, e.message());
    return new Grouping(issueId, fingerprint, VERSION, title, culprit, culprit, blame);
  }

  private static boolean addFrames(List<String> components, List<Frame> frames) {
    boolean anyInApp = false;
    for (Frame f : frames) {
      anyInApp |= f.isInApp();
    }
    String previous = null;
    boolean added = false;
    for (Frame f : frames) {
      if (anyInApp && !f.isInApp()) {
        continue;
      }
      String key = frameKey(f);
      if (key == null || key.equals(previous)) {
        continue; // recursion counts once
      }
      components.add(key);
      previous = key;
      added = true;
    }
    return added;
  }

  /** The part of a frame that counts: never its line, never a device-specific path. */
  static String frameKey(Frame f) {
    if (f.function() != null && !f.function().isEmpty()) {
      return f.module() != null ? "frame:" + f.module() + "." + f.function()
          : "frame:" + baseName(f.filename() != null ? f.filename() : f.pkg()) + ":" + f.function();
    }
    if (f.instructionAddr() != null) {
      return "addr:" + baseName(f.pkg()) + "+" + offset(f);
    }
    if (f.module() != null) {
      return "module:" + f.module();
    }
    return null;
  }

  private static String offset(Frame f) {
    Long a = dev.crashflow.rows.Hex.parse(f.instructionAddr());
    Long b = dev.crashflow.rows.Hex.parse(f.imageAddr());
    return a == null ? f.instructionAddr() : b == null ? Long.toHexString(a) : Long.toHexString(a - b);
  }

  /** The file name of a path ({@link FileNames#baseName}), empty for none. */
  static String baseName(String path) {
    return path == null ? "" : FileNames.baseName(path);
  }

  private static CrashThread crashedThread(List<CrashThread> threads) {
    for (CrashThread t : threads) {
      if (t.crashed()) {
        return t;
      }
    }
    for (CrashThread t : threads) {
      if (t.current()) {
        return t;
      }
    }
    return threads.size() == 1 ? threads.get(0) : null;
  }

  /** The first in-app frame from the crash end, else the crashing frame. */
  private static Frame blameFrame(List<Frame> frames) {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).isInApp()) {
        return frames.get(i);
      }
    }
    return frames.isEmpty() ? null : frames.get(frames.size() - 1);
  }

  private static String describe(Frame f) {
    String where = f.function() != null ? f.function() : f.instructionAddr();
    if (f.module() != null) {
      return f.module() + "." + where;
    }
    String file = baseName(f.filename() != null ? f.filename() : f.pkg());
    return file.isEmpty() ? where : file + " in " + where;
  }

  private static String title(CrashException main, String message) {
    String t;
    if (main == null) {
      t = message == null || message.isBlank() ? "<unknown>" : MessageNormalizer.firstLines(message, 1);
    } else {
      String value = main.value() == null ? "" : MessageNormalizer.firstLines(main.value(), 1);
      t = value.isEmpty() ? nullToEmpty(main.type()) : nullToEmpty(main.type()) + ": " + value;
    }
    return t.length() > TITLE_MAX ? t.substring(0, TITLE_MAX) + "…" : t;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
