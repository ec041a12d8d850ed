package dev.crashflow.retrace;

/**
 * One original frame recovered from an obfuscated one.
 *
 * @param className original class that holds the method (for inlined frames: the inlinee's class)
 * @param methodName original method name, or the obfuscated name when the mapping does not know
 *     the method ({@code known == false})
 * @param returnType original return type in Java notation, null when unknown
 * @param parameters original parameter types, comma separated without spaces, null when unknown
 * @param line original line number, null when it cannot be recovered
 * @param sourceFile the source file named by the mapping's {@code sourceFile} metadata, else null
 *     (callers then infer it from the class name, see {@link #fileName(String)})
 * @param known whether the method itself was found in the mapping
 */
public record RetracedFrame(
    String className,
    String methodName,
    String returnType,
    String parameters,
    Integer line,
    String sourceFile,
    boolean known) {

  /** R8's verbose method text: {@code void foo(int,java.lang.String)}; just the name if unknown. */
  public String signature() {
    if (!known || returnType == null) {
      return methodName;
    }
    return returnType + " " + methodName + "(" + parameters + ")";
  }

  /**
   * The file name R8 prints for this frame: the mapping's source file, else one inferred from the
   * outer class name, keeping Kotlin's {@code .kt} when the obfuscated file or the class says so.
   */
  public String fileName(String obfuscatedFile) {
    if (sourceFile != null) {
      return sourceFile;
    }
    return inferFileName(className, obfuscatedFile == null ? "" : obfuscatedFile);
  }

  /** R8's rule: outer simple class name plus ".java", or ".kt" for {@code FooKt} and .kt files. */
  static String inferFileName(String className, String obfuscatedFile) {
    if (obfuscatedFile.equals("Native Method")) {
      return obfuscatedFile;
    }
    int slash = Math.max(obfuscatedFile.lastIndexOf('/'), obfuscatedFile.lastIndexOf('\\'));
    String base = obfuscatedFile.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    String extension = dot < 0 ? "" : base.substring(dot + 1);
    int lastDot = className.lastIndexOf('.');
    int dollar = className.indexOf('$', lastDot + 1);
    String simple = className.substring(lastDot + 1, dollar < 0 ? className.length() : dollar);
    if (simple.endsWith("Kt") && (extension.isEmpty() || extension.equals("kt"))) {
      return simple.substring(0, simple.length() - 2) + ".kt";
    }
    return simple + (extension.equals("kt") ? ".kt" : ".java");
  }
}
