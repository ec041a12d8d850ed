package com.example.game;

/** Loads a saved game; a corrupt save becomes a GameException caused by the parse error. */
class SaveGame {
  State load(String text) throws GameException {
    try {
      return new State(parseLevel(text));
    } catch (NumberFormatException e) {
      throw new GameException("corrupt save: " + text, e);
    }
  }

  private static int parseLevel(String text) {
    String value = field(text, "level");
    return Integer.parseInt(value.trim());
  }

  private static String field(String text, String name) {
    int eq = text.indexOf('=');
    if (eq < 0 || !text.startsWith(name)) {
      throw new IllegalArgumentException("no field " + name);
    }
    return text.substring(eq + 1);
  }

  /** A loaded game. */
  static final class State {
    private final int level;

    State(int level) {
      if (level < 1) {
        throw new IllegalArgumentException("level must be positive: " + level);
      }
      this.level = level;
    }

    int level() {
      return level;
    }
  }
}
