package dev.crashflow.testing;

import java.lang.management.ManagementFactory;

/** What benchmarks print beside their figures. */
public final class BenchMachine {
  private BenchMachine() {}

  /**
   * The load the figures were taken under: other processes on the same cores stretch wall times
   * (and, through shared caches, CPU times too), so a figure means little without it.
   */
  public static String load() {
    return String.format("load average %.1f on %d cores",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
