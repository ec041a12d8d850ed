package dev.crashflow.aggregates;

/** Events of one aggregate row, with sketches of their distinct users and installations. */
public final class CrashTally extends Tally {

  public CrashTally(DistinctSketch.Format format) {
    super(format, 1, 2);
  }

  public void add(String user, String installation) {
    counts[0]++;
    sketches[0].add(user);
    sketches[1].add(installation);
  }

  public long events() {
    return counts[0];
  }

  public DistinctSketch users() {
    return sketches[0];
  }

  public DistinctSketch installations() {
    return sketches[1];
  }
}
