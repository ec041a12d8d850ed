package dev.crashflow.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the grouping component tree: what an event's issue id was computed from. A leaf
 * carries {@code values}; an inner node carries {@code children}. A node that does not contribute
 * says why in {@code hint} ("non in-app frame", "ignored by stack rule ..."), so {@code explain}
 * can show a developer exactly which parts of a crash counted.
 *
 * <p>Only the values of leaves whose whole path contributes feed the hash ({@link
 * #contributingValues}). Immutable.
 */
public record Component(
    String id, boolean contributes, String hint, List<Component> children, List<String> values) {

  public Component {
    children = children == null ? List.of() : List.copyOf(children);
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** A leaf with one value. */
  public static Component leaf(String id, String value, boolean contributes, String hint) {
    return new Component(id, contributes, hint, List.of(), List.of(value));
  }

  /** An inner node; it contributes when asked to and at least one child contributes. */
  public static Component node(String id, List<Component> children, boolean contributes, String hint) {
    boolean any = false;
    for (Component c : children) {
      any |= c.contributes;
    }
    return new Component(id, contributes && any, hint, children, List.of());
  }

  /** A copy that does not contribute, for the reason given (after any existing hint). */
  public Component ignored(String why) {
    return new Component(id, false, hint != null ? hint + "; " + why : why, children, values);
  }

  /**
   * The values that count, in tree order, each prefixed with its leaf id ({@code
   * function=buy}), so the same text in two roles cannot collide.
   */
  public List<String> contributingValues() {
    List<String> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(Component c, List<String> out) {
    if (!c.contributes) {
      return;
    }
    for (String v : c.values) {
      out.add(c.id + "=" + v);
    }
    for (Component child : c.children) {
      collect(child, out);
    }
  }

  /** The tree as indented text: {@code +} contributes, {@code -} does not, with the reason. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    render(this, "", true, sb);
    return sb.toString();
  }

  private static void render(Component c, String indent, boolean parentCounts, StringBuilder sb) {
    boolean counts = parentCounts && c.contributes;
    sb.append(indent).append(counts ? "+ " : "- ").append(c.id);
    if (!c.values.isEmpty()) {
      sb.append(' ').append(c.values.size() == 1 ? quote(c.values.get(0)) : c.values.toString());
    }
    boolean inline = !c.children.isEmpty() && c.children.stream().allMatch(Component::isSimpleLeaf);
    if (inline) { // a frame: its values on one line
      for (Component leaf : c.children) {
        sb.append(' ').append(leaf.id).append('=').append(quote(leaf.values.get(0)));
      }
    }
    if (c.hint != null) {
      sb.append("  (").append(c.hint).append(')');
    }
    sb.append('\n');
    if (!inline) {
      for (Component child : c.children) {
        render(child, indent + "  ", counts, sb);
      }
    }
  }

  private boolean isSimpleLeaf() {
    return children.isEmpty() && values.size() == 1 && contributes && hint == null;
  }

  private static String quote(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
