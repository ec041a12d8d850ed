package com.example.shop;

import java.util.function.Consumer;

/**
 * The shop's entry point, kept by ProGuard: the corpus harness creates one per scenario (as an
 * Android app gets an Activity per intent) and runs it. Every scenario is a real bug reached
 * through one code path; problems that are not exceptions go to the error log, which the harness
 * forwards to Sentry as message events.
 */
public final class Shop implements Runnable {
  private final Consumer<String> errorLog;
  private final String scenario;
  private final String arg;

  public Shop(Consumer<String> errorLog, String[] args) {
    this.errorLog = errorLog;
    this.scenario = args[0];
    this.arg = args.length > 1 ? args[1] : "";
  }

  @Override
  public void run() {
    switch (scenario) {
      case "checkout":
        System.out.println("paid " + new Checkout(Cart.withUnpricedLine(arg)).pay());
        break;
      case "cart-view":
        System.out.println(new CartView(Cart.withUnpricedLine(arg)).render());
        break;
      case "receipt":
        System.out.println(new Receipt(Cart.withUnpricedLine(arg)).print());
        break;
      case "item":
        System.out.println(Inventory.demo(errorLog).find(Long.parseLong(arg)));
        break;
      case "cart-add":
        Cart cart = Cart.withUnpricedLine("coffee");
        cart.add(Inventory.demo(errorLog), Long.parseLong(arg));
        System.out.println(cart.size());
        break;
      case "category":
        int depth = Integer.parseInt(arg);
        System.out.println("cheapest " + Category.chain(depth).cheapest(depth + 1));
        break;
      case "order":
        System.out.println(Orders.load(arg));
        break;
      case "discount":
        System.out.println(new Discounts().perBuyer(Cart.priced(arg), 0));
        break;
      case "ranking":
        System.out.println(Ranking.byUnitPrice(Integer.parseInt(arg)));
        break;
      case "sync":
        SyncWorker.startAndWait(arg);
        break;
      case "stock":
        String[] idAndQty = arg.split(":");
        Inventory.demo(errorLog).reserve(Long.parseLong(idAndQty[0]),
            Integer.parseInt(idAndQty[1]));
        break;
      case "gateway":
        String[] urlAndMs = arg.split(" ");
        new Payments(errorLog).charge(urlAndMs[0], Integer.parseInt(urlAndMs[1]));
        break;
      case "coupon":
        String[] codeAndEmail = arg.split(" ");
        new Coupons(errorLog).redeem(codeAndEmail[0], codeAndEmail[1]);
        break;
      default:
        throw new IllegalArgumentException("unknown scenario: " + scenario);
    }
  }
}
