package com.example.shop;

import java.util.function.Consumer;

/** Redeems coupons; every code is expired in this sample, and the rejection is logged. */
final class Coupons {
  private final Consumer<String> errorLog;

  Coupons(Consumer<String> errorLog) {
    this.errorLog = errorLog;
  }

  boolean redeem(String code, String email) {
    errorLog.accept("Coupon '" + code + "' rejected for " + email);
    return false;
  }
}
