package com.example.shop;

import java.util.ArrayList;
import java.util.List;

/** A category tree walked recursively; asking one level too deep fails at the leaf. */
final class Category {
  private final List<Category> children = new ArrayList<>();
  private final int price;

  private Category(int price) {
    this.price = price;
  }

  static Category chain(int depth) {
    Category root = new Category(100);
    Category node = root;
    for (int i = 1; i <= depth; i++) {
      Category child = new Category(100 - i);
      node.children.add(child);
      node = child;
    }
    return root;
  }

  /** The bug: trusts {@code hops}, so the leaf asks its empty child list for element 0. */
  int cheapest(int hops) {
    if (hops == 0) {
      return price;
    }
    return Math.min(price, children.get(0).cheapest(hops - 1));
  }
}
