package dev.crashflow.model;

import java.io.Serializable;

/** {@code user}, after PII scrubbing (email and IP address are dropped unless configured). */
public record UserInfo(String id, String username, String email, String ipAddress)
    implements Serializable {

  public static final UserInfo EMPTY = new UserInfo(null, null, null, null);
}
