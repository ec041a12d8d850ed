package dev.crashflow.model;

import java.io.Serializable;

/**
 * Game-engine and graphics facts (Unity, Unreal): from {@code contexts.unity}, {@code
 * contexts.runtime} and {@code contexts.gpu}.
 */
public record EngineInfo(
    String engineName,
    String engineVersion,
    Boolean debugBuild,
    String processorType,
    String graphicsDeviceName,
    String graphicsDeviceVendor,
    String graphicsApi)
    implements Serializable {

  public static final EngineInfo EMPTY = new EngineInfo(null, null, null, null, null, null, null);
}
