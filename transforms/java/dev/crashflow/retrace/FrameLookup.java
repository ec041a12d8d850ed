package dev.crashflow.retrace;

import java.util.List;

/**
 * The result of looking up one obfuscated frame.
 *
 * @param status how much of the frame the mapping knew
 * @param alternatives the possible original stacks, each innermost frame first; in mapping order
 *     (callers sort them); empty lists are frames R8 hides (synthesized, outlines)
 * @param ambiguous whether more than one mapping entry matched (R8 then omits line numbers that
 *     the obfuscated frame did not have)
 * @param next the context for the following line
 */
record FrameLookup(Status status, List<List<RetracedFrame>> alternatives, boolean ambiguous,
    RetraceContext next) {

  /** How much of a frame the mapping knew. */
  enum Status { UNMAPPED_CLASS, UNKNOWN_METHOD, MAPPED }
}
