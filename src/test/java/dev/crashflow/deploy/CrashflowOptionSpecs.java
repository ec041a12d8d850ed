package dev.crashflow.deploy;

import dev.crashflow.pipelines.CrashflowOptions;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** crashflow's own pipeline options (those declared in {@link CrashflowOptions}), read by reflection. */
record CrashflowOptionSpecs(String name, Class<?> type, String defaultValue, String description) {

  /** Every option declared by CrashflowOptions (not inherited Beam options), by name. */
  static Map<String, CrashflowOptionSpecs> all() {
    Map<String, CrashflowOptionSpecs> out = new TreeMap<>();
    for (Method m : CrashflowOptions.class.getDeclaredMethods()) {
      if (!m.getName().startsWith("get") || m.getParameterCount() != 0) {
        continue;
      }
      String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      Description d = m.getAnnotation(Description.class);
      out.put(name, new CrashflowOptionSpecs(name, m.getReturnType(), defaultOf(m), d == null ? null : d.value()));
    }
    return out;
  }

  /** The {@code @Default.*} value as the command line would spell it, or null when there is none. */
  private static String defaultOf(Method m) {
    if (m.getAnnotation(Default.String.class) != null) {
      return m.getAnnotation(Default.String.class).value();
    }
    if (m.getAnnotation(Default.Enum.class) != null) {
      return m.getAnnotation(Default.Enum.class).value();
    }
    if (m.getAnnotation(Default.Integer.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Integer.class).value());
    }
    if (m.getAnnotation(Default.Long.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Long.class).value());
    }
    if (m.getAnnotation(Default.Double.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Double.class).value());
    }
    if (m.getAnnotation(Default.Boolean.class) != null) {
      return String.valueOf(m.getAnnotation(Default.Boolean.class).value());
    }
    for (java.lang.annotation.Annotation a : m.getAnnotations()) {
      if (a.annotationType().getEnclosingClass() == Default.class) {
        throw new IllegalStateException(m.getName() + ": teach CrashflowOptionSpecs @" + a.annotationType().getName());
      }
    }
    return null;
  }

  boolean isNumber() {
    return type == int.class || type == long.class || type == double.class
        || type == Integer.class || type == Long.class || type == Double.class;
  }

  boolean isBoolean() {
    return type == boolean.class || type == Boolean.class;
  }
}
