package dev.crashflow.symbols;

import static dev.crashflow.symbols.SymbolIndexTest.frame;
import static dev.crashflow.symbols.SymbolIndexTest.index;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INLINE records in the shapes real dumpers write: properly nested ones (several ranges, a child
 * starting where its parent starts), and the broken ones some dumpers emit (overlapping ranges of
 * one depth, a missing depth, a child reaching past its parent), which must still follow
 * Breakpad's rule: per depth the covering range that starts last wins, depth gaps close up.
 */
class SymbolIndexInlineShapesTest {
  static final String HEADER = String.join("\n",
      "MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libshapes.so",
      "FILE 0 main.c",
      "FILE 1 a.h",
      "FILE 2 b.h",
      "INLINE_ORIGIN 0 outer",
      "INLINE_ORIGIN 1 inner",
      "INLINE_ORIGIN 2 sibling",
      "");

  @Test
  void nestedRangesWithSeveralRangesAndSharedStarts() throws Exception {
    SymbolIndex idx = index(HEADER + String.join("\n",
        "FUNC 1000 100 0 f",
        "INLINE 0 10 0 0 1000 20 1060 10",
        "INLINE 1 20 1 1 1000 8",
        "INLINE 1 21 1 2 1010 8 1064 4",
        "1000 100 5 2",
        ""));
    assertEquals(List.of(frame("inner", "b.h", 5, true), frame("outer", "a.h", 20, true),
        frame("f", "main.c", 10, false)), idx.lookup(0x1004));
    assertEquals(List.of(frame("outer", "b.h", 5, true), frame("f", "main.c", 10, false)),
        idx.lookup(0x100c));
    List<SymbolFrame> sibling = List.of(frame("sibling", "b.h", 5, true),
        frame("outer", "a.h", 21, true), frame("f", "main.c", 10, false));
    assertEquals(sibling, idx.lookup(0x1012));
    assertEquals(sibling, idx.lookup(0x1066)); // the second ranges of both records
    assertEquals(List.of(frame("outer", "b.h", 5, true), frame("f", "main.c", 10, false)),
        idx.lookup(0x106a));
    assertEquals(List.of(frame("f", "b.h", 5, false)), idx.lookup(0x1030));
  }

  @Test
  void overlappingRangesOfOneDepthLetTheLaterStartWin() throws Exception {
    SymbolIndex idx = index(HEADER + String.join("\n",
        "FUNC 2000 100 0 g",
        "INLINE 0 30 0 0 2000 40",
        "INLINE 0 31 0 2 2010 10",
        "2000 100 7 0",
        ""));
    assertEquals(List.of(frame("sibling", "main.c", 7, true), frame("g", "main.c", 31, false)),
        idx.lookup(0x2015));
    assertEquals(List.of(frame("outer", "main.c", 7, true), frame("g", "main.c", 30, false)),
        idx.lookup(0x2030));
  }

  @Test
  void missingDepthIsClosedUp() throws Exception {
    SymbolIndex idx = index(HEADER + String.join("\n",
        "FUNC 3000 100 0 h",
        "INLINE 0 40 0 0 3000 40",
        "INLINE 2 41 1 1 3008 8",
        "3000 100 9 0",
        ""));
    assertEquals(List.of(frame("inner", "main.c", 9, true), frame("outer", "a.h", 41, true),
        frame("h", "main.c", 40, false)), idx.lookup(0x300a));
    assertEquals(List.of(frame("outer", "main.c", 9, true), frame("h", "main.c", 40, false)),
        idx.lookup(0x3020));
  }

  @Test
  void childReachingPastItsParentStillResolves() throws Exception {
    SymbolIndex idx = index(HEADER + String.join("\n",
        "FUNC 4000 100 0 k",
        "INLINE 0 50 0 0 4000 10",
        "INLINE 1 51 1 1 4008 10",
        "4000 100 3 0",
        ""));
    assertEquals(List.of(frame("inner", "main.c", 3, true), frame("outer", "a.h", 51, true),
        frame("k", "main.c", 50, false)), idx.lookup(0x4009));
    // Past the parent's end only the child covers: the chain closes up around the gap.
    assertEquals(List.of(frame("inner", "main.c", 3, true), frame("k", "a.h", 51, false)),
        idx.lookup(0x4012));
  }
}
