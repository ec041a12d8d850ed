package dev.crashflow.crashtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BacktraceLineTest {
  @Test
  void functionNamesWithParenthesesSurviveAndBuildIdAndApkOffsetAreSplitOff() {
    BacktraceLine f = BacktraceLine.parse("      #07 pc 000000000001c2d4  /data/app/~~a==/c-b=="
        + "/base.apk!libgame.so (offset 0x1f4000) ((anonymous namespace)::call(int (*)(int), "
        + "int)+52) (BuildId: 0A1B2C3D)");

    assertEquals(7, f.index());
    assertEquals(0x1c2d4, f.pc());
    assertEquals("/data/app/~~a==/c-b==/base.apk!libgame.so", f.name());
    assertEquals("/data/app/~~a==/c-b==/base.apk", f.mappedFile());
    assertEquals(0x1f4000L, f.offset());
    assertTrue(f.offsetIsElfStart());
    assertEquals("(anonymous namespace)::call(int (*)(int), int)", f.function());
    assertEquals(52, f.functionOffset());
    assertEquals("0a1b2c3d", f.buildId());
    assertTrue(f.wide());
  }

  @Test
  void olderFormatsPutTheOffsetBeforeTheNameAndPrintEightDigitPcs() {
    BacktraceLine old = BacktraceLine.parse(
        "    #03 pc 00012344 (offset 0x2000)  /data/app/com.example-1/base.apk");
    assertEquals(0x2000L, old.offset());
    assertFalse(old.offsetIsElfStart(), "a mapping offset, not where the ELF starts");
    assertNull(old.function());
    assertFalse(old.wide());

    BacktraceLine noOffset = BacktraceLine.parse("#00 pc 0001d89c  /system/lib/libc.so (abort)");
    assertEquals("abort", noOffset.function());
    assertEquals(0, noOffset.functionOffset());
  }

  @Test
  void anonymousAndUnknownMapsGiveAbsoluteAddressesAndNoImage() {
    BacktraceLine anon = BacktraceLine.parse(
        "#04 pc 0000000000000a10  <anonymous:7a0c000000> (MyJit::run+16)");
    assertFalse(anon.isPath());
    assertEquals(0x7a0c000a10L, anon.anonymousAddress());
    assertEquals(0x12345L, BacktraceLine.parse("#05 pc 0000000000012345  <unknown>")
        .anonymousAddress());
    assertNull(BacktraceLine.parse("#06 pc 0000000000000abc  [vdso] (__kernel_rt_sigreturn)")
        .anonymousAddress());
  }

  @Test
  void cutOrForeignLinesAreNotFrames() {
    assertNull(BacktraceLine.parse("      #03 pc 000000000002af4"), "pc cut short");
    assertNull(BacktraceLine.parse("      #03 pc 000000000002af40"), "no map name");
    assertTrue(BacktraceLine.looksLikeFrame("      #03 pc 000000000002af4"));
    assertFalse(BacktraceLine.looksLikeFrame("    #00  c4a7e4a0  00002288"), "a stack: line");
    assertFalse(BacktraceLine.looksLikeFrame("# not a frame"));
  }
}
