package dev.crashflow.grouping.corpus;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import dev.crashflow.retrace.MappingFile;
import dev.crashflow.retrace.ProguardSample;
import dev.crashflow.retrace.ProguardSample.Build;
import dev.crashflow.symbolicate.Symbolicator;
import io.sentry.Sentry;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The JVM half of the grouping corpus: the sample shop of {@code src/test/resources/grouping-sample}
 * built as two releases by real ProGuard 7.4.2 (release 2 adds an unrelated screen, adds a lambda
 * and an anonymous class above crashing ones, so javac numbers those differently, and ProGuard
 * renames everything differently), each run in one child JVM under the real Sentry Java SDK ({@link
 * SentryCorpusHarness}). Every event the SDK sends is decoded by {@link EventDecoder} and
 * symbolicated by {@link Symbolicator} with the release's mapping, found by the uuid the SDK sends.
 */
public final class JvmCorpus {
  static final String APP = "com.example.shop";

  // Labels: one per crashing code path (see GroupingQualityTest), named after its in-app frames.
  static final String NPE_CHECKOUT =
      "NullPointerException in Cart.total <- Checkout.pay <- Shop.run";
  static final String NPE_CART_VIEW =
      "NullPointerException in Cart.total <- CartView.render <- Shop.run";
  static final String NPE_RECEIPT =
      "NullPointerException in Cart.total <- Receipt.print <- Shop.run";
  static final String ITEM_LOOKUP = "NoSuchElementException in Inventory.find <- Shop.run";
  static final String ITEM_CART_ADD =
      "NoSuchElementException in Inventory.find <- Cart.add <- Shop.run";
  static final String CATEGORY_LEAF =
      "IndexOutOfBoundsException in Category.cheapest (recursion) <- Shop.run";
  static final String ORDER_CHAIN =
      "OrderException(NumberFormatException in Orders.parseQuantity) in Orders.load <- Shop.run";
  static final String DISCOUNT_LAMBDA = "ArithmeticException in Discounts.share <- lambda of"
      + " Discounts.perBuyer (lambda$perBuyer$0, lambda$perBuyer$1 in release 2) <- Shop.run";
  static final String RANKING_ANONYMOUS = "ArithmeticException in the anonymous comparator of"
      + " Ranking.byUnitPrice (Ranking$1, Ranking$2 in release 2) <- Shop.run";
  static final String SYNC_THREAD =
      "IllegalStateException in SyncWorker.syncAccount <- SyncWorker.run (own thread, uncaught)";
  static final String LOG_STOCK = "log message: Not enough stock for item <n>";
  static final String LOG_GATEWAY = "log message: Payment gateway <url> timed out after <n> ms";
  static final String LOG_COUPON = "log message: Coupon '<code>' rejected for <email>";

  /** One execution: how it is reported, on which thread, and the shop scenario it runs. */
  record Case(String label, String mode, String thread, String scenario, String arg) {}

  /** Every release runs all of these; devices rotate (see {@link Device#pick}). */
  static final List<Case> CASES = List.of(
      new Case(NPE_CHECKOUT, "caught", "main", "checkout", "espresso"),
      new Case(NPE_CHECKOUT, "caught", "checkout-2", "checkout", "latte"),
      new Case(NPE_CHECKOUT, "pool", "pool-4-thread-1", "checkout", "mocha"),
      new Case(NPE_CART_VIEW, "caught", "main", "cart-view", "green tea"),
      new Case(NPE_CART_VIEW, "caught", "ui-render", "cart-view", "cocoa"),
      new Case(NPE_RECEIPT, "caught", "main", "receipt", "scone"),
      new Case(NPE_RECEIPT, "uncaught", "printer", "receipt", "bagel"),
      new Case(ITEM_LOOKUP, "caught", "main", "item", "3141"),
      new Case(ITEM_LOOKUP, "caught", "search-1", "item", "27"),
      new Case(ITEM_LOOKUP, "caught", "search-2", "item", "982451653"),
      new Case(ITEM_CART_ADD, "caught", "main", "cart-add", "3141"),
      new Case(ITEM_CART_ADD, "caught", "cart", "cart-add", "5"),
      new Case(CATEGORY_LEAF, "caught", "main", "category", "3"),
      new Case(CATEGORY_LEAF, "caught", "catalog", "category", "30"),
      new Case(CATEGORY_LEAF, "caught", "main", "category", "12"),
      new Case(ORDER_CHAIN, "caught", "main", "order", "qty=x12"),
      new Case(ORDER_CHAIN, "caught", "loader-3", "order", "qty=seven"),
      new Case(DISCOUNT_LAMBDA, "caught", "main", "discount", "mug"),
      new Case(DISCOUNT_LAMBDA, "caught", "pricing", "discount", "kettle"),
      // Index 0 fails in TimSort.countRunAndMakeAscending, index 3 in TimSort.binarySort.
      new Case(RANKING_ANONYMOUS, "caught", "main", "ranking", "0"),
      new Case(RANKING_ANONYMOUS, "caught", "sorter", "ranking", "3"),
      new Case(RANKING_ANONYMOUS, "caught", "main", "ranking", "1"),
      // The app names the sync thread itself: sync-42, sync-7.
      new Case(SYNC_THREAD, "uncaught", "main", "sync", "42"),
      new Case(SYNC_THREAD, "uncaught", "main", "sync", "7"),
      new Case(LOG_STOCK, "log", "main", "stock", "3141:5"),
      new Case(LOG_STOCK, "log", "reserve", "stock", "27:90"),
      new Case(LOG_GATEWAY, "log", "main", "gateway", "https://pay.example.com/v2/charge 3000"),
      new Case(LOG_GATEWAY, "log", "payments", "gateway",
          "https://eu.pay.example.net/v1/charge?order=77 4500"),
      new Case(LOG_COUPON, "log", "main", "coupon", "SPRING24 alice@example.com"),
      new Case(LOG_COUPON, "log", "main", "coupon", "WELCOME-5 bob.smith@example.org"));

  /** The two releases: Sentry release, ProGuard resource folders. */
  private static final String[][] RELEASES = {
      {APP + "@1.0.0+100", "grouping-sample"},
      {APP + "@2.0.0+200", "grouping-sample,grouping-sample-release2"}};

  private JvmCorpus() {}

  /** Builds, obfuscates and crashes both releases; returns their labelled events. */
  public static List<LabelledEvent> build(Path work) throws Exception {
    ProguardSample.assumeToolsAvailable();
    List<LabelledEvent> out = new ArrayList<>();
    for (int r = 0; r < RELEASES.length; r++) {
      List<Path> sources = new ArrayList<>();
      for (String folder : RELEASES[r][1].split(",")) {
        sources.add(ProguardSample.resource(folder));
      }
      long start = System.nanoTime();
      Build build = ProguardSample.build(work, "shop-release-" + (r + 1), sources);
      long built = System.nanoTime();
      // What the Sentry Gradle plugin does: a uuid per mapping, embedded in the app and uploaded.
      String uuid = UUID.nameUUIDFromBytes(Files.readAllBytes(build.mapping())).toString();
      Symbolicator symbolicator =
          new Symbolicator(new CorpusSymbols().mapping(uuid, MappingFile.parse(build.mapping())));
      String release = RELEASES[r][0];
      String version = release.substring(release.indexOf('@') + 1, release.indexOf('+'));
      List<String[]> sent = crash(work, build, release, uuid, r);
      System.out.printf("JvmCorpus %s: compiled and obfuscated in %d ms, %d events sent by the"
          + " SDK in a child JVM in %d ms%n", release, (built - start) / 1_000_000, sent.size(),
          (System.nanoTime() - built) / 1_000_000);
      for (String[] labelAndJson : sent) {
        CrashEvent raw = decode(labelAndJson[1]);
        out.add(new LabelledEvent(labelAndJson[0], "jvm", version, variant(raw), raw,
            symbolicator.symbolicate(raw)));
      }
    }
    return out;
  }

  /** Runs every case of one release in one child JVM; returns (label, event json) as sent. */
  private static List<String[]> crash(Path work, Build build, String release, String uuid,
      int releaseIndex) throws Exception {
    Path casesFile = work.resolve(build.name() + "-cases.tsv");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      Device d = Device.pick(Device.DESKTOPS, i, releaseIndex);
      lines.add(String.join("\t", c.label(), c.mode(), c.thread(),
          d.manufacturer() + "/" + d.model(), d.osName() + "/" + d.osVersion(), c.scenario(),
          c.arg()));
    }
    Files.write(casesFile, lines);
    Path events = work.resolve(build.name() + "-events.tsv");
    ProguardSample.runMain(
        List.of(build.obfuscatedJar(), codeSource(SentryCorpusHarness.class),
            codeSource(Sentry.class)),
        SentryCorpusHarness.class.getName(),
        List.of(events.toString(), release, uuid, casesFile.toString()));
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
      out.add(line.split("\t", 2));
    }
    if (out.size() != CASES.size()) {
      throw new AssertionError(release + ": " + CASES.size() + " cases but the SDK sent "
          + out.size() + " events:\n" + String.join("\n", Files.readAllLines(events)));
    }
    return out;
  }

  static CrashEvent decode(String json) throws DecodeException {
    return new EventDecoder(DecodeLimits.defaults())
        .decode(RawMessage.of(json.getBytes(StandardCharsets.UTF_8)), System.currentTimeMillis())
        .event();
  }

  /** What varied: the crashed (or current) thread's name, the device and the OS. */
  static String variant(CrashEvent e) {
    String thread = e.threads().stream().filter(t -> t.crashed() || t.current())
        .map(t -> t.name()).findFirst().orElse("-");
    return "thread=" + thread + ", " + e.device().manufacturer() + " " + e.device().model()
        + ", " + e.os().name() + " " + e.os().version();
  }

  private static Path codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
