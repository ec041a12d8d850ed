package dev.crashflow.warehouse;

import java.util.List;

/** The tables crashflow writes, each with its schema in {@code schemas/<table>.json}. */
public final class Tables {

  /** Every table of {@code schemas/tables.json}, in that file's order. */
  public static final List<String> ALL = List.copyOf(TableSpec.names());

  private Tables() {}
}
