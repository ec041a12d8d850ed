package dev.crashflow.model;

import java.io.Serializable;

/**
 * Game-engine and graphics facts (Unity, Unreal): from {@code contexts.unity}, {@code
 * contexts.runtime} and {@code contexts.gpu}, with the rest of the hardware facts in {@code
 * hardware} (never null).
 */
public record EngineInfo(
    String engineName,
    String engineVersion,
    Boolean debugBuild,
    String processorType,
    String graphicsDeviceName,
    String graphicsDeviceVendor,
    String graphicsApi,
    GameHardware hardware)
    implements Serializable {

  public static final EngineInfo EMPTY =
      new EngineInfo(null, null, null, null, null, null, null, GameHardware.EMPTY);
}
