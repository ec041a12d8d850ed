package dev.crashflow.warehouse;

import java.util.List;

/** The tables crashflow writes, each with its schema in {@code schemas/<table>.json}. */
public final class Tables {

  /** Every table, in the order the {@code sql --tables} listing shows them. */
  public static final List<String> ALL =
      List.of("crash_events", "crash_counts", "sessions", "dead_letters");

  private Tables() {}
}
