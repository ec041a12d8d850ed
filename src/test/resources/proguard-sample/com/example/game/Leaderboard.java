package com.example.game;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Ranks players by average points per round with an anonymous comparator. */
class Leaderboard {
  private final List<int[]> scores = new ArrayList<>();

  static Leaderboard demo() {
    Leaderboard board = new Leaderboard();
    board.record(120, 4);
    board.record(90, 0);
    board.record(75, 3);
    return board;
  }

  void record(int points, int rounds) {
    scores.add(new int[] {points, rounds});
  }

  List<String> ranked() {
    List<int[]> copy = new ArrayList<>(scores);
    copy.sort(new Comparator<int[]>() {
      @Override
      public int compare(int[] a, int[] b) {
        return Integer.compare(average(b), average(a));
      }
    });
    List<String> out = new ArrayList<>();
    for (int[] s : copy) {
      out.add(s[0] + "/" + s[1]);
    }
    return out;
  }

  private static int average(int[] score) {
    return score[0] / score[1];
  }
}
