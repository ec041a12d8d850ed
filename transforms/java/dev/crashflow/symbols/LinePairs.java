package dev.crashflow.symbols;

/**
 * (line, file) pairs for line records and INLINE call sites, packed into one int each when the
 * largest line and file id fit together in 32 bits (nearly always: files and lines rarely pass
 * 65535), else kept in two arrays. Halving these arrays is what keeps the index below the size
 * of a file made mostly of line records.
 */
final class LinePairs {
  /** The line of a gap entry: no line record covers the addresses from here to the next entry. */
  static final int GAP = -1;

  private final int[] first;
  private final int[] files;
  private final int lineBits;
  private final int lineMask;

  private LinePairs(int[] first, int[] files, int lineBits) {
    this.first = first;
    this.files = files;
    this.lineBits = lineBits;
    this.lineMask = lineBits >= 32 ? -1 : (1 << lineBits) - 1;
  }

  /**
   * Pairs from parallel arrays; {@code lines} are non-negative or {@link #GAP}, {@code files} are
   * file ids or -1 for none.
   */
  static LinePairs of(int[] lines, int[] files, int n) {
    long maxLine = 0;
    long maxFile = 0;
    for (int i = 0; i < n; i++) {
      maxLine = Math.max(maxLine, lines[i] + 1L);
      maxFile = Math.max(maxFile, files[i] + 1L);
    }
    int lineBits = 64 - Long.numberOfLeadingZeros(maxLine);
    int fileBits = 64 - Long.numberOfLeadingZeros(maxFile);
    if (lineBits + fileBits > 32) {
      return new LinePairs(java.util.Arrays.copyOf(lines, n), java.util.Arrays.copyOf(files, n), 32);
    }
    int[] packed = new int[n];
    for (int i = 0; i < n; i++) {
      // Both stored plus one so that 0 means GAP / no file.
      packed[i] = ((files[i] + 1) << lineBits) | (lines[i] + 1);
    }
    return new LinePairs(packed, null, lineBits);
  }

  int line(int k) {
    return files != null ? first[k] : (first[k] & lineMask) - 1;
  }

  int file(int k) {
    return files != null ? files[k] : (first[k] >>> lineBits) - 1;
  }

  long bytes() {
    return 4L * first.length + (files == null ? 0 : 4L * files.length) + 32;
  }
}
