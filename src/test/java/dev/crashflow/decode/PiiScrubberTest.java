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
}
