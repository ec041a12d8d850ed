package dev.crashflow.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Emails and IP addresses are masked; code-like text that resembles them is not. */
class PiiScrubberTest {

  @Test
  void masksEmailsAndIpAddresses() {
    assertEquals("mail [email] now", PiiScrubber.scrub("mail first.last+tag@mail.example.co.uk now"));
    assertEquals("from [ip]:8080.", PiiScrubber.scrub("from 192.168.0.1:8080."));
    assertEquals("v6 [ip] and [ip] and [ip]",
        PiiScrubber.scrub("v6 2001:db8::8a2e:370:7334 and ::1 and ::ffff:10.0.0.1"));
    assertEquals("full [ip]", PiiScrubber.scrub("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
    assertEquals("link-local [ip] down", PiiScrubber.scrub("link-local fe80::1%en0 down"));
    assertEquals("[ip].", PiiScrubber.scrub("fe80::1."));
  }

  @Test
  void leavesCodeTimesVersionsAndObjectIdsAlone() {
    String[] keep = {"std::vector<int>::push_back", "at 12:34:56 UTC", "Foo::bar::baz",
        "mac 01:23:45:67:89:ab", "version 10.0.19041.1", "com.example.Foo@1a2b3c",
        "com.example.app@1.2.3", "a::b", "0x7f00001234", "dead::beef"};
    for (String s : keep) {
      assertEquals(s, PiiScrubber.scrub(s));
    }
  }

  @Test
  void megabyteValuesScrubInLinearTime() {
    String hexColons = "ab:".repeat(350_000);
    String localParts = "a".repeat(1_000_000) + " @x";
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertEquals(hexColons, PiiScrubber.scrub(hexColons));
      assertEquals(localParts, PiiScrubber.scrub(localParts));
    });
  }

  @Test
  void skippingPatternsThatCannotMatchChangesNothing() {
    // Random text dense in what the patterns look for (digits, dots, colons, hex, @, %), and
    // real-looking fragments: the quick scans may only skip a pattern where it finds nothing.
    String[] parts = {"1", "2", "25", "255", "256", "0", ".", ":", "::", "a", "f", "ff", "@", "%",
        "eth0", " ", "x", "-", "_", "user@example.com", "10.0.0.1", "fe80::1%en0", "::ffff:1.2.3.4",
        "12:30:45", "std::vector", "2001:db8::8a2e:370:7334", "1.2.3", "v1.2.3.4.5", "a.b", "é"};
    java.util.Random r = new java.util.Random(20261207);
    int scrubbed = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(12); n >= 0; n--) {
        b.append(parts[r.nextInt(parts.length)]);
      }
      String text = b.toString();
      String expected = PiiScrubber.scrubEveryPattern(text);
      assertEquals(expected, PiiScrubber.scrub(text), text);
      scrubbed += expected.equals(text) ? 0 : 1;
    }
    org.junit.jupiter.api.Assertions.assertTrue(scrubbed > 10_000, "the texts must hold addresses: " + scrubbed);
  }
}
