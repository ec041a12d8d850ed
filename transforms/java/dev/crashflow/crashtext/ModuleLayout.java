package dev.crashflow.crashtext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each library of an Android backtrace an address range, so that module-relative pcs can be
 * written as Sentry's absolute {@code instruction_addr} inside a {@code debug_meta} image.
 *
 * <p>Tombstones and logcat print a pc relative to the library, rarely where it was loaded. Where
 * the tombstone's {@code memory map} section lists the library, its real load address and mapped
 * size are used. Otherwise the library gets a synthetic range: page-aligned, above every mapping
 * the report lists and above {@link #SYNTHETIC_BASE}, one guard page apart, just large enough for
 * the highest address the report needs in it. Either way {@code instruction_addr - image_addr}
 * equals the printed pc (plus the return-address delta for caller frames, see {@link
 * TombstoneParser}), which is all symbolication and grouping use.
 */
final class ModuleLayout {
  static final long PAGE = 0x1000;
  /** Where synthetic ranges start when no mapping lies higher: clear of the null page. */
  static final long SYNTHETIC_BASE = 0x10000000L;

  private static final Pattern MAP_LINE = Pattern.compile(
      "^\\s*(?:--->)?\\s*([0-9a-fA-F']+)-([0-9a-fA-F']+)\\s+[-rwxps]{3,4}\\s+([0-9a-fA-F]+)\\s+"
          + "[0-9a-fA-F]+(?:\\s+(.*?))?\\s*$");
  private static final Pattern MAP_SUFFIX = Pattern.compile(
      "\\s+\\((?:BuildId: [0-9a-fA-F]+|load bias 0x[0-9a-fA-F]+)\\)$");
  /** Consecutive mappings further apart than this are not one library. */
  private static final long MAX_GAP = 0x100000;

  /** One {@code memory map} line; {@code end} is exclusive. */
  record MapEntry(long start, long end, long offset, String name) {}

  /** A module and its placement. */
  static final class Module {
    final String name;
    final String mappedFile;
    /** Where the ELF starts in the mapped file; null when the report does not say. */
    final Long elfStart;
    String buildId;
    long maxAddress;
    long base;
    long size;

    Module(String name, String mappedFile, Long elfStart) {
      this.name = name;
      this.mappedFile = mappedFile;
      this.elfStart = elfStart;
    }
  }

  private final Map<String, Module> modules = new LinkedHashMap<>();

  /** Parses a {@code memory map} line, or returns null when the line is not one. */
  static MapEntry parseMapLine(String line) {
    Matcher m = MAP_LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    try {
      long start = Long.parseUnsignedLong(m.group(1).replace("'", ""), 16);
      long end = Long.parseUnsignedLong(m.group(2).replace("'", ""), 16) + 1; // printed inclusive
      String name = m.group(4) == null ? "" : m.group(4);
      for (Matcher s = MAP_SUFFIX.matcher(name); s.find(); s = MAP_SUFFIX.matcher(name)) {
        name = name.substring(0, s.start());
      }
      return new MapEntry(start, end, Long.parseUnsignedLong(m.group(3), 16), name.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Registers a frame's module and the module-relative address it needs ({@code pc} plus any
   * return-address delta); returns the module.
   */
  Module need(BacktraceLine f, long relative) {
    Long elfStart = f.offset() == null ? Long.valueOf(0) : f.offsetIsElfStart() ? f.offset() : null;
    Module m = modules.computeIfAbsent(key(f), k -> new Module(f.name(), f.mappedFile(), elfStart));
    if (m.buildId == null && f.buildId() != null) {
      m.buildId = f.buildId();
    }
    if (Long.compareUnsigned(relative, m.maxAddress) > 0) {
      m.maxAddress = relative;
    }
    return m;
  }

  /** The module of a frame registered with {@link #need}. */
  Module module(BacktraceLine f) {
    return modules.get(key(f));
  }

  /**
   * One module per file, but an APK mapped at several offsets without a library name ({@code
   * base.apk (offset 0x...)}) holds one library per offset.
   */
  private static String key(BacktraceLine f) {
    return f.offset() != null && f.name().indexOf('!') < 0
        ? f.name() + "@0x" + Long.toHexString(f.offset()) : f.name();
  }

  /** The modules in the order first seen. */
  List<Module> modules() {
    return List.copyOf(modules.values());
  }

  /** Places every module: from {@code maps} where they list it, synthetically otherwise. */
  void place(List<MapEntry> maps) {
    long next = SYNTHETIC_BASE;
    for (MapEntry e : maps) {
      next = Math.max(next, e.end() + PAGE);
    }
    next = align(next);
    for (Module m : modules.values()) {
      if (!placeFromMaps(m, maps)) {
        m.base = next;
        m.size = align(m.maxAddress + 1);
        next = m.base + m.size + PAGE;
      }
    }
  }

  /**
   * The library's real range: it starts where its file offset {@code elfStart} is mapped and runs
   * over the following mappings of the same file (a library maps several segments in a row).
   */
  private static boolean placeFromMaps(Module m, List<MapEntry> maps) {
    if (m.elfStart == null) {
      return false;
    }
    List<MapEntry> same = new ArrayList<>();
    for (MapEntry e : maps) {
      if (e.name().equals(m.mappedFile) && Long.compareUnsigned(e.offset(), m.elfStart) >= 0) {
        same.add(e);
      }
    }
    if (same.isEmpty()) {
      return false;
    }
    same.sort(Comparator.comparingLong(MapEntry::start));
    MapEntry first = same.get(0);
    long base = first.start() - (first.offset() - m.elfStart);
    long end = first.end();
    for (MapEntry e : same.subList(1, same.size())) {
      if (e.start() < end || e.start() - end > MAX_GAP) {
        break;
      }
      end = e.end();
    }
    if (base < 0 || Long.compareUnsigned(m.maxAddress, end - base) >= 0) {
      return false; // the report's pcs do not fit: an inconsistent map, so do not trust it
    }
    m.base = base;
    m.size = end - base;
    return true;
  }

  private static long align(long v) {
    return (v + PAGE - 1) & -PAGE;
  }
}
