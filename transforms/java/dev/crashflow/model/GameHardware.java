package dev.crashflow.model;

import java.io.Serializable;

/**
 * The hardware facts a game engine reports, for the Crashlytics export's {@code unity_metadata}
 * columns: from {@code contexts.device} (processor, memory, screen), {@code contexts.gpu} and
 * {@code contexts.unity}. Memory sizes are megabytes; {@code graphicsShaderLevel} is Unity's
 * number (50 for "Shader Model 5.0").
 */
public record GameHardware(
    Long processorCount,
    Long processorFrequencyMhz,
    Long systemMemoryMb,
    Long graphicsMemoryMb,
    Long graphicsDeviceId,
    Long graphicsDeviceVendorId,
    String graphicsDeviceVersion,
    Long graphicsShaderLevel,
    Long graphicsMaxTextureSize,
    String graphicsCopyTextureSupport,
    String screenSizePx,
    String screenResolutionDpi)
    implements Serializable {

  public static final GameHardware EMPTY =
      new GameHardware(null, null, null, null, null, null, null, null, null, null, null, null);
}
