package dev.crashflow.symbols;

import static dev.crashflow.symbols.SymbolIndexTest.frame;
import static dev.crashflow.symbols.SymbolIndexTest.index;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Addresses and sizes at the edges of the 64-bit range: FUNCs of 4 GB and more, a FUNC whose size
 * runs past the top of the address space, and FUNCs at both ends of it (which once made the
 * index's address buckets overflow).
 */
class SymbolIndexExtremesTest {
  static final String MODULE = "MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 edge\n"
      + "FILE 0 a.c\n";

  @Test
  void functionsOfFourGigabytesAndMore() throws Exception {
    SymbolIndex idx = index(MODULE + String.join("\n",
        "FUNC 1000 100000000 0 huge",
        "1000 10 1 0",
        "FUNC 200000000 10 0 after",
        "200000000 10 4 0",
        "FUNC fffffffffffff000 2000 0 wraps",
        "fffffffffffff000 10 5 0",
        ""));
    assertEquals(List.of(frame("huge", "a.c", 1, false)), idx.lookup(0x1005));
    assertEquals(List.of(frame("huge", null, 0, false)), idx.lookup(0x1010));
    // Beyond 2 GB into the FUNC no line record can reach: the function alone.
    assertEquals(List.of(frame("huge", null, 0, false)), idx.lookup(0x100000fffL));
    assertEquals(List.of(), idx.lookup(0x100001000L));
    assertEquals(List.of(frame("after", "a.c", 4, false)), idx.lookup(0x200000005L));
    // A size past the top of the address space ends the FUNC at the top.
    assertEquals(List.of(frame("wraps", "a.c", 5, false)), idx.lookup(0xfffffffffffff005L));
    assertEquals(List.of(frame("wraps", null, 0, false)), idx.lookup(-2L));
    assertEquals(List.of(), idx.lookup(-1L));
  }

  @Test
  void functionsAtBothEndsOfTheAddressSpace() throws Exception {
    SymbolIndex idx = index(MODULE + String.join("\n",
        "FUNC ffffffffffffff00 10 0 top",
        "ffffffffffffff00 10 1 0",
        "FUNC 0 10 0 zero",
        "0 10 2 0",
        ""));
    assertEquals(2, idx.functionCount());
    assertEquals(List.of(frame("zero", "a.c", 2, false)), idx.lookup(0));
    assertEquals(List.of(frame("top", "a.c", 1, false)), idx.lookup(0xffffffffffffff05L));
    assertEquals(List.of(), idx.lookup(0x10));
    assertEquals(List.of(), idx.lookup(0x8000000000000000L));
    assertEquals(List.of(), idx.lookup(0xffffffffffffff10L));
  }
}
