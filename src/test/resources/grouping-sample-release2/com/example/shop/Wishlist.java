package com.example.shop;

/**
 * Release 2's only change: a wishlist screen, a second entry point that touches none of the
 * crashing code paths but changes what the shrinker keeps and how ProGuard names things.
 */
public class Wishlist {
  public static void main(String[] args) {
    Cart wishes = Cart.priced("teapot");
    System.out.println("wishlist of " + wishes.size() + ": " + new Receipt(wishes).print());
    System.out.println(Inventory.demo(System.err::println).reserve(1L, 1) ? "reserved" : "");
    System.out.println("largest " + new Discounts().largestLine(wishes) + ", "
        + Ranking.byName().compare("teapot", "Mug"));
  }
}
