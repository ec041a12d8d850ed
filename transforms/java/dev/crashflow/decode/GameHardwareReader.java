package dev.crashflow.decode;

import dev.crashflow.model.GameHardware;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the hardware facts of {@link GameHardware} from {@code contexts.device}, {@code
 * contexts.gpu} and {@code contexts.unity}. These fields only describe the device, so a value in
 * an unexpected form reads as absent instead of failing the event.
 */
final class GameHardwareReader {
  private static final long MB = 1024L * 1024L;

  /**
   * Sentry's Unity SDK sends Unity's numeric shader level as these names; other numbers come as
   * they are.
   */
  private static final Map<String, Long> SHADER_LEVEL_NAMES = Map.of(
      "shader model 2.0", 20L, "shader model 2.5", 25L, "shader model 3.0", 30L,
      "opengl es 3.0", 35L, "shader model 4.0", 40L, "metal / opengl es 3.1", 45L,
      "opengl 4.1", 46L, "shader model 5.0", 50L);

  private static final Pattern LEVEL = Pattern.compile("\\d{1,6}");
  private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*[xX×]\\s*(\\d+)\\s*");

  private GameHardwareReader() {}

  static GameHardware read(JsonObj device, JsonObj gpu, JsonObj unity) throws DecodeException {
    Long memoryBytes = device == null ? null : device.looseLong("memory_size");
    GameHardware h = new GameHardware(
        device == null ? null : device.looseLong("processor_count"),
        device == null ? null : device.looseLong("processor_frequency"),
        memoryBytes == null || memoryBytes < 0 ? null : memoryBytes / MB,
        gpu == null ? null : gpu.looseLong("memory_size"),
        gpu == null ? null : gpu.looseLong("id"),
        gpu == null ? null : gpu.looseLong("vendor_id"),
        gpu == null ? null : gpu.str("version"),
        gpu == null ? null : shaderLevel(gpu.str("graphics_shader_level")),
        gpu == null ? null : gpu.looseLong("max_texture_size"),
        unity == null ? null : unity.str("copy_texture_support"),
        device == null ? null : screenSize(device),
        device == null ? null : device.str("screen_dpi"));
    return h.equals(GameHardware.EMPTY) ? GameHardware.EMPTY : h;
  }

  /** Unity's shader level: a number as sent, or the number behind Sentry's name for it. */
  static Long shaderLevel(String sent) {
    if (sent == null) {
      return null;
    }
    String s = sent.trim().toLowerCase(Locale.ROOT);
    Long named = SHADER_LEVEL_NAMES.get(s);
    if (named != null) {
      return named;
    }
    return LEVEL.matcher(s).matches() ? Long.valueOf(s) : null;
  }

  /** {@code WIDTHxHEIGHT} from screen_resolution, else from the two pixel counts. */
  private static String screenSize(JsonObj device) throws DecodeException {
    String resolution = device.str("screen_resolution");
    if (resolution != null) {
      Matcher m = SIZE.matcher(resolution);
      if (m.matches()) {
        return m.group(1) + "x" + m.group(2);
      }
    }
    Long w = device.looseLong("screen_width_pixels");
    Long h = device.looseLong("screen_height_pixels");
    if (w != null && h != null && w > 0 && h > 0) {
      return w + "x" + h;
    }
    return resolution;
  }
}
