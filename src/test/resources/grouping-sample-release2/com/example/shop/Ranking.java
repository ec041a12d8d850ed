package com.example.shop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Release 2 of Ranking: adds {@link #byName} with an anonymous comparator above the unchanged
 * {@link #byUnitPrice}, so javac names byUnitPrice's comparator {@code Ranking$2}, not {@code
 * Ranking$1}.
 */
final class Ranking {
  private Ranking() {}

  static Comparator<String> byName() {
    return new Comparator<String>() {
      @Override
      public int compare(String a, String b) {
        return a.compareToIgnoreCase(b);
      }
    };
  }

  static List<String> byUnitPrice(int zeroUnitsAt) {
    // Unit prices 100, 55, 80, 32: TimSort finds a short run, then binary-sorts the rest, so
    // where the zero sits decides which of its methods calls the comparator that fails.
    int[][] prices = {{100, 1}, {110, 2}, {240, 3}, {128, 4}};
    List<int[]> offers = new ArrayList<>();
    for (int i = 0; i < prices.length; i++) {
      offers.add(new int[] {prices[i][0], i == zeroUnitsAt ? 0 : prices[i][1]});
    }
    offers.sort(new Comparator<int[]>() {
      @Override
      public int compare(int[] a, int[] b) {
        return Integer.compare(a[0] / a[1], b[0] / b[1]);
      }
    });
    List<String> out = new ArrayList<>();
    for (int[] o : offers) {
      out.add(o[0] + "/" + o[1]);
    }
    return out;
  }
}
