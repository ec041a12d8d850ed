package com.example.shop;

import java.util.ArrayList;
import java.util.List;

/** Lines of a cart. A line whose price never loaded holds a null price: the NPE bug. */
final class Cart {
  /** One line; {@code price} is boxed because the price service may not have answered yet. */
  static final class Line {
    final String name;
    final Integer price;

    Line(String name, Integer price) {
      this.name = name;
      this.price = price;
    }
  }

  private final List<Line> lines = new ArrayList<>();

  static Cart withUnpricedLine(String name) {
    Cart cart = new Cart();
    cart.lines.add(new Line("tea", 4));
    cart.lines.add(new Line(name, null));
    return cart;
  }

  static Cart priced(String name) {
    Cart cart = new Cart();
    cart.lines.add(new Line(name, 12));
    cart.lines.add(new Line("mug", 8));
    return cart;
  }

  /** The bug: unboxes every price, so one unpriced line throws NullPointerException. */
  int total() {
    int total = 0;
    for (Line line : lines) {
      total += line.price;
    }
    return total;
  }

  void add(Inventory inventory, long itemId) {
    String name = inventory.find(itemId);
    lines.add(new Line(name, 1));
  }

  List<Line> lines() {
    return lines;
  }

  int size() {
    return lines.size();
  }
}
