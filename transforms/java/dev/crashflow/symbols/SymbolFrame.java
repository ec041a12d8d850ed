package dev.crashflow.symbols;

/**
 * One symbolicated frame from a Breakpad symbol file.
 *
 * @param function the function name as the symbol file spells it (often with its parameter list);
 *     null when an INLINE record names an origin the file never declared
 * @param file the source path as written in the symbol file, null when no line record covers the
 *     address (PUBLIC symbols never have one)
 * @param line the source line, 0 when unknown
 * @param inlined true for frames that exist only because the compiler inlined the function into
 *     its caller (every frame of a lookup but the last, when there are INLINE records)
 */
public record SymbolFrame(String function, String file, int line, boolean inlined) {}
