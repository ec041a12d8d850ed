package com.example.shop;

/**
 * Release 2 of Discounts: adds {@link #largestLine} above the unchanged {@link #perBuyer}, so
 * javac numbers perBuyer's lambda {@code lambda$perBuyer$1} instead of {@code lambda$perBuyer$0}.
 */
final class Discounts {
  int largestLine(Cart cart) {
    return cart.lines().stream()
        .mapToInt(line -> line.price == null ? 0 : line.price)
        .max()
        .orElse(0);
  }

  int perBuyer(Cart cart, int buyers) {
    return cart.lines().stream()
        .mapToInt(line -> share(line.price, buyers))
        .sum();
  }

  private static int share(int price, int buyers) {
    return price / buyers;
  }
}
