package dev.crashflow.grouping;

import static dev.crashflow.grouping.GroupingEvents.event;
import static dev.crashflow.grouping.GroupingEvents.exception;
import static dev.crashflow.grouping.GroupingEvents.jvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintRulesTest {
  private static final List<Frame> SHOP = List.of(
      jvm("android.os.Looper", "loop", false), jvm("com.example.Shop", "buy", true));
  private static final List<Frame> NET = List.of(
      jvm("com.example.Sync", "pull", true), jvm("com.example.net.Client", "get", true));

  private static Fingerprinter with(String fingerprints) {
    return new Fingerprinter(GroupingConfig.withAppRules(null, null, fingerprints, "fingerprints.txt"));
  }

  private static CrashEvent ev(String type, String value, List<Frame> frames) {
    return event("com.example", "java", List.of(exception(type, value, frames)));
  }

  private static CrashEvent ev(List<String> sdkFingerprint, Map<String, String> tags, String message,
      String type, List<Frame> frames) {
    return event("com.example", "java", List.of(exception(type, null, frames)), List.of(), message,
        sdkFingerprint, tags);
  }

  @Test
  void aRuleMergesIssuesTheDefaultWouldSplit() {
    Fingerprinter fp = with("type:java.net.* -> network-error title=\"Network is down\"\n");
    Grouping a = fp.group(ev("java.net.SocketTimeoutException", "timeout", NET));
    Grouping b = fp.group(ev("java.net.UnknownHostException", "api.example.com", SHOP));
    Grouping c = fp.group(ev("java.lang.IllegalStateException", "x", NET));
    assertEquals(a.issueId(), b.issueId());
    assertNotEquals(a.issueId(), c.issueId());
    assertEquals("Network is down", a.title());
    assertEquals("java.lang.IllegalStateException: x", c.title());
  }

  @Test
  void defaultMergingAndVariables() {
    Fingerprinter fp = with("type:*IOException value:\"*TIMED OUT*\" -> io-timeout, {{ default }}\n"
        + "function:get app:yes -> in-client, {{ function }}, {{ module }} title=\"{{ type }} in {{ function }}\"\n");
    Grouping a = fp.group(ev("java.io.IOException", "read timed out", NET));
    Grouping b = fp.group(ev("java.io.IOException", "read timed out", SHOP));
    Grouping plain = new Fingerprinter().group(ev("java.io.IOException", "read timed out", NET));
    assertNotEquals(a.issueId(), b.issueId(), "{{ default }} keeps the default grouping in");
    assertNotEquals(a.issueId(), plain.issueId(), "the literal still counts");
    Grouping v = fp.group(ev("java.lang.IllegalStateException", "x", NET));
    assertEquals("java.lang.IllegalStateException in get", v.title());
    Grouping w = fp.group(ev("java.lang.IllegalArgumentException", "y", NET));
    assertEquals(v.issueId(), w.issueId(), "only function and module count");
  }

  @Test
  void firstMatchWins() {
    Fingerprinter fp = with("module:com.example.net.* -> net\ntype:* -> everything-else\n");
    Grouping net = fp.group(ev("A", "x", NET));
    Grouping shop1 = fp.group(ev("B", "y", SHOP));
    Grouping shop2 = fp.group(ev("C", "z", SHOP));
    assertEquals(shop1.issueId(), shop2.issueId());
    assertNotEquals(net.issueId(), shop1.issueId());
  }

  @Test
  void frameMatchersMustAllHoldOnOneFrame() {
    Fingerprinter fp = with("module:com.example.Shop function:get -> never\n");
    Grouping g = fp.group(ev("A", "x", List.of(jvm("com.example.Shop", "buy", true),
        jvm("com.example.Api", "get", true))));
    assertEquals(new Fingerprinter().group(ev("A", "x", List.of(jvm("com.example.Shop", "buy", true),
        jvm("com.example.Api", "get", true)))).issueId(), g.issueId());
  }

  @Test
  void eventMatchersTagsReleaseAndMessage() {
    Fingerprinter fp = with("tags.region:eu-* release:com.example@1.* message:\"*quota*\" -> eu-quota\n");
    Grouping a = fp.group(ev(List.of(), Map.of("region", "eu-west"), "Quota exceeded", "A", SHOP));
    Grouping b = fp.group(ev(List.of(), Map.of("region", "eu-north"), "quota hit", "B", NET));
    Grouping us = fp.group(ev(List.of(), Map.of("region", "us-east"), "quota hit", "B", NET));
    assertEquals(a.issueId(), b.issueId());
    assertNotEquals(b.issueId(), us.issueId());
  }

  @Test
  void sdkFingerprintReplacesOrExtendsTheDefault() {
    Fingerprinter fp = new Fingerprinter();
    Grouping custom1 = fp.group(ev(List.of("checkout-failed"), Map.of(), null, "A", SHOP));
    Grouping custom2 = fp.group(ev(List.of("checkout-failed"), Map.of(), null, "B", NET));
    assertEquals(custom1.issueId(), custom2.issueId());
    Grouping mixed1 = fp.group(ev(List.of("{{ default }}", "eu"), Map.of(), null, "A", SHOP));
    Grouping mixed2 = fp.group(ev(List.of("{{default}}", "eu"), Map.of(), null, "A", SHOP));
    Grouping mixed3 = fp.group(ev(List.of("{{ default }}", "us"), Map.of(), null, "A", SHOP));
    Grouping plain = fp.group(ev(List.of(), Map.of(), null, "A", SHOP));
    assertEquals(mixed1.issueId(), mixed2.issueId());
    assertNotEquals(mixed1.issueId(), mixed3.issueId());
    assertNotEquals(mixed1.issueId(), plain.issueId());
    Grouping typed = fp.group(ev(List.of("{{ type }}"), Map.of(), null, "A", NET));
    assertEquals(typed.issueId(), fp.group(ev(List.of("{{ error.type }}"), Map.of(), null, "A", SHOP)).issueId());
  }

  @Test
  void serverRulesWinOverTheSdkFingerprint() {
    Fingerprinter fp = with("type:A -> from-rule\n");
    Grouping a = fp.group(ev(List.of("sdk-one"), Map.of(), null, "A", SHOP));
    Grouping b = fp.group(ev(List.of("sdk-two"), Map.of(), null, "A", NET));
    assertEquals(a.issueId(), b.issueId());
  }

  @Test
  void badFingerprintLinesNameTheLine() {
    RuleSyntaxException e = assertThrows(RuleSyntaxException.class,
        () -> FingerprintRules.parse("fp.txt", "type:a -> ok\n\ntype:b network\n"));
    assertEquals("fp.txt line 3: expected 'matchers -> fingerprint'", e.getMessage());
    assertTrue(assertThrows(RuleSyntaxException.class, () -> FingerprintRules.parse("f", "-> x"))
        .getMessage().contains("no matcher"));
    assertTrue(assertThrows(RuleSyntaxException.class, () -> FingerprintRules.parse("f", "type:a ->"))
        .getMessage().contains("no fingerprint"));
    assertTrue(assertThrows(RuleSyntaxException.class,
        () -> FingerprintRules.parse("f", "type:a -> {{ transaction }}")).getMessage()
        .contains("unknown variable"));
    assertTrue(assertThrows(RuleSyntaxException.class,
        () -> FingerprintRules.parse("f", "type:a -> x colour=red")).getMessage()
        .contains("unknown attribute"));
    assertTrue(assertThrows(RuleSyntaxException.class,
        () -> FingerprintRules.parse("f", "hue:a -> x")).getMessage().contains("unknown matcher 'hue'"));
    assertEquals(2, FingerprintRules.parse("f", "# c\ntype:\"a -> b\" -> x # note\nvalue:* -> y, \"z w\"\n").size());
  }
}
