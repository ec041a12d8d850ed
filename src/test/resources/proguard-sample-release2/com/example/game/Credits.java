package com.example.game;

/**
 * Release 2's only change: a credits screen, a second entry point that touches none of the
 * crashing code paths but changes what the shrinker keeps and how ProGuard names things.
 */
public class Credits {
  public static void main(String[] args) throws GameException {
    Leaderboard board = new Leaderboard();
    board.record(300, 5);
    System.out.println("Thanks for playing! Best run: " + board.ranked().get(0));
    System.out.println(new SaveGame().load("level=3").level() > 0 ? "Saves work." : "");
  }
}
