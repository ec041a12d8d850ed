package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * Builds a sample app of the test resources ({@code proguard-sample}, {@code grouping-sample}) the
 * way an app ships: javac with debug info, a jar, then real ProGuard (its Java API, the
 * configuration read from the {@code proguard.pro} files next to the sources), and runs either jar
 * in a child JVM to collect the crash it prints. Test helper for {@link
 * ProguardObfuscationEndToEndTest} and the grouping corpus ({@code dev.crashflow.grouping.corpus}).
 */
public final class ProguardSample {
  static final String MAIN = "com.example.game.Main";
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

  /** One release: the plain jar, its obfuscated twin and ProGuard's mapping. */
  public record Build(String name, Path plainJar, Path obfuscatedJar, Path mapping) {}

  private ProguardSample() {}

  /** Skips (with the reason) on a JRE without javac or without jmods to give ProGuard. */
  public static void assumeToolsAvailable() {
    assumeTrue(ToolProvider.getSystemJavaCompiler() != null,
        "no system Java compiler in " + JAVA_HOME + " (a JRE?)");
    assumeTrue(Files.isRegularFile(JAVA_HOME.resolve("jmods/java.base.jmod")),
        "no " + JAVA_HOME.resolve("jmods/java.base.jmod") + " for ProGuard's -libraryjars");
  }

  /** A directory of test resources, e.g. {@code proguard-sample}. */
  public static Path resource(String name) {
    URL url = ProguardSample.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("test resource /" + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles the Java sources under {@code sourceDirs} (a later directory's file replacing an
   * earlier one's at the same path) into a jar and obfuscates it with the
   * {@code proguard.pro} of each directory, read in order into one configuration.
   */
  public static Build build(Path work, String name, List<Path> sourceDirs) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    compile(sourceDirs, classes);
    Path plain = jar(classes, dir.resolve("plain.jar"));
    Path obfuscated = dir.resolve("obfuscated.jar");
    Path mapping = dir.resolve("mapping.txt");
    Properties props = new Properties();
    props.putAll(System.getProperties());
    props.setProperty("sample.injar", plain.toString());
    props.setProperty("sample.outjar", obfuscated.toString());
    props.setProperty("sample.mapping", mapping.toString());
    Configuration config = new Configuration();
    for (Path source : sourceDirs) {
      try (ConfigurationParser parser =
          new ConfigurationParser(source.resolve("proguard.pro").toFile(), props)) {
        parser.parse(config);
      }
    }
    new ProGuard(config).execute();
    return new Build(name, plain, obfuscated, mapping);
  }

  private static void compile(List<Path> sourceDirs, Path out) throws IOException {
    // A later directory's file replaces an earlier one's at the same relative path (a release
    // that changes a class), and adds the others.
    Map<Path, Path> byRelativePath = new TreeMap<>();
    for (Path d : sourceDirs) {
      try (Stream<Path> s = Files.walk(d)) {
        s.filter(p -> p.toString().endsWith(".java"))
            .forEach(p -> byRelativePath.put(d.relativize(p), p));
      }
    }
    List<Path> sources = new ArrayList<>(byRelativePath.values());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null,
        StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(null, files, diagnostics,
          List.of("-g", "--release", "17", "-d", out.toString()), null,
          files.getJavaFileObjectsFromPaths(sources)).call();
      if (!ok) {
        throw new AssertionError("the sample does not compile: " + diagnostics.getDiagnostics());
      }
    }
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os, manifest)) {
      for (Path f : files) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Runs {@code Main <scenario>} from {@code jar} in a child JVM; returns its stderr. */
  static String crash(Path jar, String scenario) throws IOException, InterruptedException {
    return runMain(List.of(jar), MAIN, List.of(scenario)).stderr();
  }

  /** What a child JVM printed. */
  public record Output(String stdout, String stderr) {}

  /**
   * Runs {@code mainClass} with {@code args} in a child JVM on {@code classpath}; it must exit 0
   * within 60 s.
   */
  public static Output runMain(List<Path> classpath, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
        String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()),
        mainClass));
    command.addAll(args);
    Path out = Files.createTempFile("child-jvm", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
      String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(mainClass + " " + args + " did not finish");
      }
      String stdout = Files.readString(out);
      assertEquals(0, p.exitValue(), mainClass + " " + args + ":\n" + stderr);
      return new Output(stdout, stderr);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
