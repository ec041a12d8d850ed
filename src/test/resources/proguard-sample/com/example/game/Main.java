package com.example.game;

/**
 * A tiny game whose crash scenarios exercise what obfuscation does to stack traces: an inner
 * class, a lambda behind a stream, an anonymous class, inlined private methods and a chained
 * exception. Prints the stack trace of the crash to stderr and exits normally; the "worker"
 * scenario lets its exception escape a thread, so the JVM prints it.
 */
public class Main {
  public static void main(String[] args) {
    try {
      run(args.length == 0 ? "" : args[0]);
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  private static void run(String scenario) throws GameException, InterruptedException {
    switch (scenario) {
      case "inventory":
        System.out.println("weight " + stockedInventory().totalWeight());
        break;
      case "leaderboard":
        System.out.println("leader " + Leaderboard.demo().ranked().get(0));
        break;
      case "save":
        System.out.println("level " + new SaveGame().load("level=seven").level());
        break;
      case "newgame":
        System.out.println("level " + new SaveGame().load("level=0").level());
        break;
      case "worker":
        Thread worker = new Thread(() -> loadInBackground("level=seven"), "saver");
        worker.start();
        worker.join();
        break;
      default:
        throw new IllegalArgumentException("unknown scenario: " + scenario);
    }
  }

  private static Inventory stockedInventory() {
    Inventory inventory = new Inventory();
    inventory.add("sword", 1, 3);
    inventory.add("arrow", -2, 1);
    return inventory;
  }

  private static void loadInBackground(String text) {
    try {
      new SaveGame().load(text);
    } catch (GameException e) {
      throw new IllegalStateException("background load failed", e);
    }
  }
}
