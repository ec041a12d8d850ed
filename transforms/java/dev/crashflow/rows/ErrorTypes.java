package dev.crashflow.rows;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import java.util.Locale;

/** Classifies an event as FATAL, NON_FATAL or ANR, the Crashlytics export's {@code error_type}. */
public final class ErrorTypes {
  private ErrorTypes() {}

  public static String of(CrashEvent e) {
    boolean unhandled = false;
    for (CrashException x : e.exceptions()) {
      String type = x.type() == null ? "" : x.type();
      String mech = x.mechanism() == null || x.mechanism().type() == null
          ? "" : x.mechanism().type().toLowerCase(Locale.ROOT);
      if (type.contains("ApplicationNotResponding") || mech.equals("anr")
          || mech.contains("appexitinfo") && type.contains("ANR")) {
        return "ANR";
      }
      if (x.mechanism() != null && Boolean.FALSE.equals(x.mechanism().handled())) {
        unhandled = true;
      }
    }
    return unhandled || "fatal".equals(e.level()) ? "FATAL" : "NON_FATAL";
  }
}
