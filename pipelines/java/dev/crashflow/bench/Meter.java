package dev.crashflow.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;

/**
 * Clocks for one measured phase: wall time, CPU time of the whole process (all threads, for
 * pipelines) and of the calling thread (for single-thread stages), and the peak heap since the
 * phase began (sum of the heap pools' peaks after a reset, an upper bound of the true peak).
 */
final class Meter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallStart;
  private final long processCpuStart;
  private final long compileMillisStart;

  private Meter() {
    this.wallStart = System.nanoTime();
    this.processCpuStart = processCpuNanos();
    this.compileMillisStart = compileMillis();
  }

  /** Collects garbage, resets the heap peaks and starts the clocks. */
  static Meter start() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    return new Meter();
  }

  double wallSeconds() {
    return (System.nanoTime() - wallStart) / 1e9;
  }

  double processCpuSeconds() {
    return (processCpuNanos() - processCpuStart) / 1e9;
  }

  /**
   * Seconds the JIT compilers spent since {@link #start} (the JVM's accumulated compilation time,
   * summed over its compiler threads, which run on CPU while they compile), or -1 when the JVM does
   * not tell. In a pipeline run it is warm-up: a share that shrinks as the run grows.
   */
  double compileSeconds() {
    long now = compileMillis();
    return now < 0 || compileMillisStart < 0 ? -1 : (now - compileMillisStart) / 1e3;
  }

  private static long compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  /** Sum of the heap pools' peak usage since {@link #start}. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** CPU time of the calling thread in nanoseconds. */
  static long threadCpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** The 1-minute load average ({@code uptime}'s first figure), or -1 when unknown. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
