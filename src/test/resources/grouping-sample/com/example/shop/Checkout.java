package com.example.shop;

/** Pays for a cart: the first caller of the shared {@link Cart#total()} bug. */
final class Checkout {
  private final Cart cart;

  Checkout(Cart cart) {
    this.cart = cart;
  }

  String pay() {
    int due = cart.total();
    return "charged " + due + " for " + cart.size() + " lines";
  }
}
