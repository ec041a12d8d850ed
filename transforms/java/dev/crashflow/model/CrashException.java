package dev.crashflow.model;

import java.io.Serializable;
import java.util.List;

/**
 * One exception of a chain. Chains are ordered oldest to newest: the last one is the outermost
 * thrown. {@code framesOmitted} counts frames trimmed (far from the crash) by the decoder.
 */
public record CrashException(
    String type,
    String value,
    String module,
    Long threadId,
    Mechanism mechanism,
    List<Frame> frames,
    int framesOmitted)
    implements Serializable {

  /**
   * The exception's full class name in either shape SDKs send: Sentry's Java SDK splits it into
   * {@code module} (package) and {@code type} (simple name), others send it whole in {@code type}.
   */
  public String qualifiedType() {
    if (type == null || module == null || module.isEmpty()) {
      return type;
    }
    return module + "." + type;
  }

  public CrashException withFrames(List<Frame> newFrames) {
    return new CrashException(type, value, module, threadId, mechanism, newFrames, framesOmitted);
  }
}
