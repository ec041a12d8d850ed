package dev.crashflow.model;

import java.io.Serializable;

/**
 * The application, normalised from {@code release} ({@code pkg@version+build}), {@code dist} and
 * {@code contexts.app}. {@code appId} is the bundle identifier / package name.
 */
public record AppInfo(
    String appId, String version, String build, String name, Boolean inForeground)
    implements Serializable {

  public static final AppInfo EMPTY = new AppInfo(null, null, null, null, null);
}
