package dev.crashflow.model;

import java.io.Serializable;

/** {@code contexts.device}: the hardware. Sizes are bytes. */
public record DeviceInfo(
    String id,
    String model,
    String manufacturer,
    String brand,
    String family,
    String arch,
    String orientation,
    Long memorySize,
    Long freeMemory,
    Long storageSize,
    Long freeStorage,
    Boolean simulator)
    implements Serializable {

  public static final DeviceInfo EMPTY =
      new DeviceInfo(null, null, null, null, null, null, null, null, null, null, null, null);
}
