package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.transforms.coders.CrashEventCoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Grouping speed of two or more builds in one JVM, round by round: on a machine whose speed drifts
 * (a shared VM), runs minutes apart are not comparable, rounds a second apart are. Each build's
 * {@code target/classes} is loaded by its own class loader (crashflow's classes first, so a build
 * sees only its own), with this build's test classes for the generator ({@link
 * GroupingBenchmarkTest.Gen}, fresh events from 1,500 bugs); the builds take turns, 10,000 events
 * per round, thread CPU time ({@code -Dcrashflow.ab.events=coded}: read back by the event coder
 * instead, see {@link Round}). Prints each build's median events/s per core and, per round, its
 * ratio to the first build's (median). Run it twice with the builds in both orders: the first
 * loaded gains a few percent.
 *
 * <pre>
 * git worktree add /tmp/before REV &amp;&amp; (cd /tmp/before &amp;&amp; mvn -q -o compile)
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.crashflow.grouping.GroupingAb 40 /tmp/before/target/classes target/classes
 * </pre>
 */
public final class GroupingAb {
  private GroupingAb() {}

  /**
   * One round: 10,000 fresh events, 16 made at a time, grouped; events/s of thread CPU. With
   * {@code -Dcrashflow.ab.events=coded}, the events are instead read back by the event coder 16
   * at a time (from 20,000 encoded once), as the grouping step receives them in the pipeline.
   */
  public static final class Round implements DoubleSupplier {
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final Fingerprinter fp = new Fingerprinter();
    private final GroupingBenchmarkTest.Gen gen = new GroupingBenchmarkTest.Gen(1, 1_500);
    private final List<byte[]> coded = new ArrayList<>();
    private int next;
    private long sink;

    public Round() throws Exception {
      if ("coded".equals(System.getProperty("crashflow.ab.events"))) {
        for (CrashEvent e : gen.batch(20_000, false)) {
          coded.add(CoderUtils.encodeToByteArray(CrashEventCoder.of(), e));
        }
      }
    }

    @Override
    public double getAsDouble() {
      long cpuNs = 0;
      for (int b = 0; b < 10_000 / 16; b++) {
        List<CrashEvent> batch = coded.isEmpty() ? gen.batch(16, false) : read(16);
        long c0 = cpu.getCurrentThreadCpuTime();
        for (CrashEvent e : batch) {
          sink += fp.group(e).issueId().charAt(0);
        }
        cpuNs += cpu.getCurrentThreadCpuTime() - c0;
      }
      return 10_000 / (cpuNs / 1e9);
    }

    private List<CrashEvent> read(int n) {
      List<CrashEvent> batch = new ArrayList<>(n);
      try {
        for (int i = 0; i < n; i++) {
          batch.add(CoderUtils.decodeFromByteArray(CrashEventCoder.of(),
              coded.get(next++ % coded.size())));
        }
      } catch (CoderException e) {
        throw new IllegalStateException(e);
      }
      return batch;
    }
  }

  /** Loads crashflow's classes from its own folders first, the rest from the parent. */
  private static final class BuildLoader extends URLClassLoader {
    BuildLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.crashflow.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: GroupingAb <rounds> <classes dir> <classes dir> [...]");
      System.exit(2);
    }
    int rounds = Integer.parseInt(args[0]);
    URL tests = GroupingAb.class.getProtectionDomain().getCodeSource().getLocation();
    DoubleSupplier[] builds = new DoubleSupplier[args.length - 1];
    for (int b = 0; b < builds.length; b++) {
      URL[] urls = {Path.of(args[b + 1]).toUri().toURL(), tests};
      ClassLoader loader = new BuildLoader(urls, GroupingAb.class.getClassLoader());
      builds[b] = (DoubleSupplier) loader.loadClass(Round.class.getName()).getConstructor()
          .newInstance();
    }
    double[][] rates = new double[builds.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < builds.length; b++) {
        rates[b][r] = builds[b].getAsDouble();
      }
    }
    int warm = rounds / 3; // the first third warms the JIT up
    for (int b = 0; b < builds.length; b++) {
      double[] own = Arrays.copyOfRange(rates[b], warm, rounds);
      double[] ratio = new double[own.length];
      for (int r = warm; r < rounds; r++) {
        ratio[r - warm] = rates[b][r] / rates[0][r];
      }
      System.out.printf("%s: median %,.0f events/s per core, %.3f of the first build's%n",
          args[b + 1], median(own), median(ratio));
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
