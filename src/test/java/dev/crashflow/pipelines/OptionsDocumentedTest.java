package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Description;
import org.junit.jupiter.api.Test;

/** The README's options table lists exactly crashflow's own options, each of them described. */
class OptionsDocumentedTest {
  @Test
  void theReadmeOptionsTableMatchesTheOptionsInterface() throws Exception {
    Set<String> declared = new TreeSet<>();
    // crashflow's own options: CrashflowOptions and the option groups it extends (KafkaOptions)
    java.util.List<Method> methods = new java.util.ArrayList<>(java.util.List.of(CrashflowOptions.class.getDeclaredMethods()));
    for (Class<?> group : CrashflowOptions.class.getInterfaces()) {
      if (group.getPackageName().startsWith("dev.crashflow")) {
        methods.addAll(java.util.List.of(group.getDeclaredMethods()));
      }
    }
    for (Method m : methods) {
      if (m.getName().startsWith("get")) {
        if (m.getAnnotation(Description.class) == null) {
          throw new AssertionError(m.getName() + " has no @Description");
        }
        String name = m.getName().substring(3);
        declared.add("--" + Character.toLowerCase(name.charAt(0)) + name.substring(1));
      }
    }
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Options"), readme.indexOf("## Input contract"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `(--[A-Za-z]+)` \\|").matcher(section);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertEquals(declared, documented);
  }
}
