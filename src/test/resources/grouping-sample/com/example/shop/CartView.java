package com.example.shop;

/** Shows a cart: the second caller of the shared {@link Cart#total()} bug. */
final class CartView {
  private final Cart cart;

  CartView(Cart cart) {
    this.cart = cart;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    for (Cart.Line line : cart.lines()) {
      out.append(line.name).append('\n');
    }
    return out.append("total ").append(cart.total()).toString();
  }
}
