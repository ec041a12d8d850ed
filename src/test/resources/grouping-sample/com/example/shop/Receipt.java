package com.example.shop;

/** Prints a receipt: the third caller of the shared {@link Cart#total()} bug. */
final class Receipt {
  private final Cart cart;

  Receipt(Cart cart) {
    this.cart = cart;
  }

  String print() {
    String header = "RECEIPT (" + cart.size() + " lines)";
    return header + "\nTOTAL " + cart.total();
  }
}
