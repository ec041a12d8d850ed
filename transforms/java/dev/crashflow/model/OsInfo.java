package dev.crashflow.model;

import java.io.Serializable;

/** {@code contexts.os}: operating system name (normalised, e.g. Android, iOS), version, build. */
public record OsInfo(String name, String version, String build, String kernelVersion, Boolean rooted)
    implements Serializable {

  public static final OsInfo EMPTY = new OsInfo(null, null, null, null, null);
}
