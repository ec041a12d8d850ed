package com.example.game;

/** A game-level failure; wraps what caused it. */
class GameException extends Exception {
  GameException(String message, Throwable cause) {
    super(message, cause);
  }
}
