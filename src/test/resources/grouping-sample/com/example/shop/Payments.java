package com.example.shop;

import java.util.function.Consumer;

/** Charges through a payment gateway; a slow gateway is logged, not thrown. */
final class Payments {
  private final Consumer<String> errorLog;

  Payments(Consumer<String> errorLog) {
    this.errorLog = errorLog;
  }

  boolean charge(String gateway, int waitedMillis) {
    if (waitedMillis > 2000) {
      errorLog.accept("Payment gateway " + gateway + " timed out after " + waitedMillis + " ms");
      return false;
    }
    return true;
  }
}
