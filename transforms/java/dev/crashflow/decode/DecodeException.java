package dev.crashflow.decode;

/**
 * An expected decode failure: the message is dead-lettered, never retried. {@link #reason()} is a
 * short snake_case code for counters and dead-letter queries: {@code malformed_json}, {@code
 * invalid_utf8}, {@code bad_gzip}, {@code oversize_payload}, {@code gzip_bomb}, {@code
 * missing_field}, {@code wrong_type}, {@code invalid_event_id}, {@code timestamp_out_of_range},
 * {@code too_many_frames}, {@code bad_envelope}, {@code unsupported_item_type}, {@code bad_header} (Kafka).
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private String eventId;

  public DecodeException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The snake_case reason code. */
  public String reason() {
    return reason;
  }

  /** The normalised event id when decoding got that far, else null. */
  public String eventId() {
    return eventId;
  }

  DecodeException withEventId(String id) {
    this.eventId = id;
    return this;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
