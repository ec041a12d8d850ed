package dev.crashflow.symbols;

import java.util.Arrays;

/**
 * Stable sorts of parallel primitive arrays. Symbol files are almost always sorted already, so
 * these run only on the rare file that is not; they avoid boxing so a multi-million-record file
 * still sorts in memory proportional to its arrays.
 */
final class Sorting {
  private Sorting() {}

  /** Sorts {@code key[from, to)} (non-negative values) and applies the same moves to {@code others}. */
  static void sortSlice(int[] key, int from, int to, int[]... others) {
    int n = to - from;
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      // Key in the high half, original position in the low half: ties keep file order.
      packed[i] = ((long) key[from + i] << 32) | i;
    }
    Arrays.sort(packed);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = (int) packed[i];
    }
    permute(key, from, perm);
    for (int[] o : others) {
      permute(o, from, perm);
    }
  }

  /** The stable order of {@code keys[0, n)} compared as unsigned 64-bit numbers. */
  static int[] order(long[] keys, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int[] tmp = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          tmp[k++] = Long.compareUnsigned(keys[idx[j]], keys[idx[i]]) < 0 ? idx[j++] : idx[i++];
        }
        while (i < mid) {
          tmp[k++] = idx[i++];
        }
        while (j < hi) {
          tmp[k++] = idx[j++];
        }
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
      }
    }
    return idx;
  }

  static boolean isSorted(long[] keys, int n) {
    for (int i = 1; i < n; i++) {
      if (Long.compareUnsigned(keys[i - 1], keys[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  static int[] pick(int[] a, int[] order) {
    int[] r = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      r[i] = a[order[i]];
    }
    return r;
  }

  static long[] pick(long[] a, int[] order) {
    long[] r = new long[order.length];
    for (int i = 0; i < order.length; i++) {
      r[i] = a[order[i]];
    }
    return r;
  }

  private static void permute(int[] a, int from, int[] perm) {
    int[] copy = Arrays.copyOfRange(a, from, from + perm.length);
    for (int i = 0; i < perm.length; i++) {
      a[from + i] = copy[perm[i]];
    }
  }
}
