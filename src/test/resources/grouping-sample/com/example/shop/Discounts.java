package com.example.shop;

/** Splits prices between buyers through a stream and a lambda; zero buyers divide by zero. */
final class Discounts {
  int perBuyer(Cart cart, int buyers) {
    return cart.lines().stream()
        .mapToInt(line -> share(line.price, buyers))
        .sum();
  }

  private static int share(int price, int buyers) {
    return price / buyers;
  }
}
