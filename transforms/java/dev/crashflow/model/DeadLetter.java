package dev.crashflow.model;

import java.io.Serializable;

/**
 * The one failure record of every step and sink: the original message (bytes and attributes, so
 * it can be replayed), the step that failed, a short reason code, the error class and message, a truncated stack
 * trace, and when it failed. {@code eventId} is set where the step got that far.
 */
public record DeadLetter(
    RawMessage original,
    String step,
    String reason,
    String errorClass,
    String errorMessage,
    String stackTrace,
    long failedAtMillis,
    String eventId)
    implements Serializable {

  /** Stack traces are cut to this many characters. */
  public static final int MAX_STACK_TRACE_CHARS = 4000;

  /** A dead letter for an error that has no short reason code. */
  public static DeadLetter of(RawMessage original, String step, Throwable error, String eventId) {
    return of(original, step, null, error, eventId);
  }

  /** A dead letter with a short reason code (e.g. {@code malformed_json}). */
  public static DeadLetter of(
      RawMessage original, String step, String reason, Throwable error, String eventId) {
    java.io.StringWriter sw = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(sw));
    String trace = sw.toString();
    if (trace.length() > MAX_STACK_TRACE_CHARS) {
      trace = trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t... (truncated)";
    }
    return new DeadLetter(original, step, reason, error.getClass().getName(),
        String.valueOf(error.getMessage()), trace, System.currentTimeMillis(), eventId);
  }
}
