package dev.crashflow.crashtext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a parser read from one crash report, before it becomes event JSON: one shape for every
 * format, so {@link EventJson} alone decides how the Sentry event looks. Frames are kept in the
 * reports' order, crashing frame first; addresses are final (absolute) by the time a parser hands
 * this over.
 */
final class NativeCrash {
  /** The format tag written to the event's tags ({@code tombstone}, {@code logcat}, ...). */
  String format;
  /** 32 hex digits or a UUID from the report; null to derive one from {@link #source}. */
  String eventId;
  /** The report text the event came from, hashed into an event id when it has none. */
  String source;
  Instant timestamp;

  String type;
  String value;
  String mechanismType;
  Integer signalNumber;
  Integer signalCode;
  String signalName;
  String signalCodeName;
  String machException;
  Long faultAddress;
  Long crashedThreadId;
  /** The exception's stack, crashing frame first. */
  List<Frame> exceptionFrames = new ArrayList<>();
  /**
   * True when {@link #exceptionFrames} is the crashed thread's stack, which then is not repeated
   * under the thread; false when it is another stack (Apple's last exception backtrace).
   */
  boolean exceptionIsCrashedThread = true;
  List<Thread> threads = new ArrayList<>();
  List<Image> images = new ArrayList<>();

  String osName;
  String osVersion;
  String osBuild;
  String deviceModel;
  String deviceManufacturer;
  String deviceBrand;
  String deviceArch;
  String appId;
  String appName;
  String appVersion;
  String appBuild;
  Boolean inForeground;
  Map<String, String> tags = new LinkedHashMap<>();

  /**
   * One frame. {@code address} is absolute (null when the report gives no way to know it); {@code
   * imageAddr} is the base of the image holding it (null outside every image); {@code symbolAddr}
   * the start of the named function when the report gave an offset into it.
   */
  record Frame(Long address, Long imageAddr, String pkg, String function, Long symbolAddr,
      String file, Integer line, Boolean inApp) {}

  /** One thread; {@code frames} crashing (innermost) frame first. */
  record Thread(Long id, String name, boolean crashed, boolean main, List<Frame> frames) {}

  /**
   * One loaded image: {@code type} elf or macho, ids as Sentry spells them, {@code size} > 0.
   */
  record Image(String type, String codeFile, String debugFile, String codeId, String debugId,
      long addr, long size, String arch) {
    boolean contains(long address) {
      return Long.compareUnsigned(address, addr) >= 0
          && Long.compareUnsigned(address, addr + size) < 0;
    }
  }
}
