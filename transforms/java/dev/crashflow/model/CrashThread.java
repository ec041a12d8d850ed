package dev.crashflow.model;

import java.io.Serializable;
import java.util.List;

/** A thread at crash time; {@code crashed} marks the one that crashed. */
public record CrashThread(
    Long id,
    String name,
    boolean crashed,
    boolean current,
    boolean main,
    String state,
    List<Frame> frames,
    int framesOmitted)
    implements Serializable {

  public CrashThread withFrames(List<Frame> newFrames) {
    return new CrashThread(id, name, crashed, current, main, state, newFrames, framesOmitted);
  }
}
