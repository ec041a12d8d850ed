package com.example.shop;

/** Loads saved orders; a bad quantity becomes an OrderException caused by the parse error. */
final class Orders {
  private Orders() {}

  /** A corrupt order, with the parse error as its cause. */
  static final class OrderException extends RuntimeException {
    OrderException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static String load(String text) {
    try {
      return "order of " + parseQuantity(text);
    } catch (NumberFormatException e) {
      throw new OrderException("corrupt order " + text, e);
    }
  }

  private static int parseQuantity(String text) {
    int eq = text.indexOf('=');
    return Integer.parseInt(text.substring(eq + 1).trim());
  }
}
