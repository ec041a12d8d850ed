package dev.crashflow.symbolicate;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.FileNames;
import dev.crashflow.model.Frame;
import dev.crashflow.rows.Hex;
import dev.crashflow.symbols.Architectures;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolFrame;
import dev.crashflow.symbols.SymbolIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolicates the native frames of one event with Breakpad symbols. A frame's image is the one of
 * {@code debug_meta.images} whose address range holds it; the image's debug id alone selects the
 * symbols, so per-install paths ({@code /data/app/~~X==/...}, {@code base.apk!lib.so}) and ASLR
 * bases never matter.
 */
final class NativeFrames {
  /** Function names SDKs send for frames they could not name. */
  private static final List<String> NO_NAME = List.of("<redacted>", "<unknown>", "?", "??");

  private final SymbolSource source;
  private final Tally tally;
  private final List<Image> images = new ArrayList<>();
  private final String deviceArch;
  /** Symbols per debug id for this event; a null value means absent or failed. */
  private final Map<DebugId, SymbolIndex> loaded = new HashMap<>();
  private final Set<DebugId> failed = new HashSet<>();

  /** One native image with a parsed address range; {@code end} is exclusive. */
  private record Image(DebugImage image, long start, long end, DebugId id) {
    boolean contains(long address) {
      return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }
  }

  NativeFrames(SymbolSource source, CrashEvent event, Tally tally) {
    this.source = source;
    this.tally = tally;
    this.deviceArch = event.device() == null ? null : event.device().arch();
    List<DebugImage> all = event.images() == null ? List.of() : event.images();
    for (DebugImage i : all) {
      Long start = Hex.parse(i.imageAddr());
      if (start == null || "proguard".equalsIgnoreCase(i.type()) || i.imageSize() == null
          || i.imageSize() <= 0) {
        continue;
      }
      images.add(new Image(i, start, start + i.imageSize(), DebugId.fromImage(i.debugId(),
          i.codeId())));
    }
  }

  /**
   * The frames for one native frame, caller to callee: its symbolicated (and inlined) frames, or
   * the frame itself when it lies outside every image or its image has no symbols for it.
   *
   * @param crashing true for the last frame of a stack, whose address is not a return address
   */
  List<Frame> symbolicate(Frame f, boolean crashing) {
    Long address = Hex.parse(f.instructionAddr());
    Image image = address == null ? null : imageOf(address);
    if (image == null) {
      return List.of(f);
    }
    boolean needed = !hasName(f);
    SymbolIndex index = load(image, needed);
    if (index == null) {
      if (needed) {
        tally.unresolved();
      }
      return List.of(f);
    }
    long relative = address - image.start;
    if (!crashing && relative > 0) {
      relative -= Architectures.callInstructionSize(arch(image, index));
    }
    List<SymbolFrame> found;
    try {
      found = index.lookup(relative);
    } catch (RuntimeException e) {
      found = List.of();
    }
    if (found.isEmpty()) {
      if (needed) {
        tally.unresolved(); // symbols exist, but nothing covers this address
      }
      return List.of(f);
    }
    tally.resolved();
    if (found.size() > JvmFrames.MAX_INLINED + 1) {
      List<SymbolFrame> capped = new ArrayList<>(found.subList(0, JvmFrames.MAX_INLINED));
      capped.add(found.get(found.size() - 1));
      found = capped;
    }
    String raw = f.rawFunction() != null ? f.rawFunction() : f.function();
    String imageAddr = f.imageAddr() != null ? f.imageAddr() : image.image.imageAddr();
    String pkg = f.pkg() != null ? f.pkg() : image.image.codeFile();
    List<Frame> out = new ArrayList<>(found.size());
    for (int i = found.size() - 1; i >= 0; i--) {
      SymbolFrame s = found.get(i);
      out.add(new Frame(s.function(), raw, f.module(), s.file(), f.absPath(),
          s.line() > 0 ? s.line() : null, f.colno(), f.inApp(), pkg, f.platform(),
          f.instructionAddr(), f.symbolAddr(), imageAddr, f.addrMode()));
    }
    return out;
  }

  /**
   * The image holding {@code address}; when images overlap (a broken module list), the one that
   * starts last, being the most specific.
   */
  private Image imageOf(long address) {
    Image best = null;
    for (Image i : images) {
      if (i.contains(address) && (best == null || Long.compareUnsigned(i.start, best.start) > 0)) {
        best = i;
      }
    }
    return best;
  }

  /** The image's symbols, loaded once per event; a needed id absent or failed is tallied. */
  private SymbolIndex load(Image image, boolean needed) {
    if (image.id == null) {
      return null; // no usable debug or code id: nothing to look up, the frame stays raw
    }
    if (!loaded.containsKey(image.id)) {
      SymbolIndex index = null;
      try {
        index = source.nativeSymbols(image.id, FileNames.baseName(image.image.debugFile() != null
            ? image.image.debugFile() : image.image.codeFile()));
      } catch (Exception e) { // IOException or a broken store: the image counts as failed
        failed.add(image.id);
      }
      if (index != null && index.debugId() != null
          && !index.debugId().breakpad().equals(image.id.breakpad())) {
        // A file stored under the wrong key (hand-made store) would give wrong names: refuse it.
        index = null;
        failed.add(image.id);
      }
      loaded.put(image.id, index);
    }
    SymbolIndex index = loaded.get(image.id);
    if (index == null && needed) {
      if (failed.contains(image.id)) {
        tally.failed(image.id.breakpad());
      } else {
        tally.missing(image.id.breakpad());
      }
    }
    return index;
  }

  private String arch(Image image, SymbolIndex index) {
    if (image.image.arch() != null && !image.image.arch().isBlank()) {
      return image.image.arch();
    }
    return index.arch() != null ? index.arch() : deviceArch;
  }

  private static boolean hasName(Frame f) {
    return f.function() != null && !f.function().isBlank() && !NO_NAME.contains(f.function());
  }

}
