package dev.crashflow.grouping.corpus;

import java.util.List;

/**
 * A device and OS context an execution pretends to run on. The crashes are real; the context is
 * what the SDK would have collected on that machine, varied so that it can be shown not to split
 * issues.
 */
record Device(String manufacturer, String model, String osName, String osVersion) {
  /** Desktops for the JVM shop (the Sentry Java SDK's own platforms). */
  static final List<Device> DESKTOPS = List.of(
      new Device("Dell", "XPS 13 9310", "Linux", "6.1.0-18-amd64"),
      new Device("Apple", "MacBookPro18,3", "Mac OS X", "14.2.1"),
      new Device("Lenovo", "ThinkPad T14 Gen 3", "Windows 11", "10.0"),
      new Device("Framework", "Laptop 13", "Linux", "6.6.8-arch1-1"));

  /** Machines for the native game. */
  static final List<Device> GAMING = List.of(
      new Device("Valve", "Jupiter", "SteamOS", "3.5.7"),
      new Device("ASUSTeK", "ROG Zephyrus G14", "Ubuntu", "22.04"),
      new Device("Dell", "OptiPlex 7090", "Debian GNU/Linux", "12"));

  /** The device of the {@code i}-th execution of a release; releases rotate differently. */
  static Device pick(List<Device> devices, int i, int release) {
    return devices.get((i + release) % devices.size());
  }

  @Override
  public String toString() {
    return manufacturer + "/" + model + " on " + osName + " " + osVersion;
  }
}
