package dev.crashflow.grouping;

import dev.crashflow.model.Grouping;
import java.util.List;

/**
 * An event's grouping with everything that explains it: which rules applied ({@code rules}),
 * what decided the fingerprint ({@code groupedBy}), the exact values hashed ({@code hashInput}:
 * one component each, {@code id=value} lines, a frame's lines together) and the component trees of both variants, in-app frames and all frames,
 * each marking what counted and why the rest did not.
 */
public record GroupingResult(
    Grouping grouping,
    String eventId,
    String appId,
    String rules,
    String groupedBy,
    List<String> hashInput,
    Component inApp,
    Component allFrames) {

  /** The explanation as text, for {@code crashflow explain}. */
  public String render() {
    Grouping g = grouping;
    StringBuilder sb = new StringBuilder();
    sb.append("event      ").append(eventId).append("  app ").append(appId).append('\n');
    sb.append("issue_id   ").append(g.issueId()).append('\n');
    sb.append("fingerprint ").append(g.fingerprint()).append("  (").append(g.groupingVersion())
        .append(")\n");
    sb.append("title      ").append(g.title()).append('\n');
    if (g.culprit() != null) {
      sb.append("culprit    ").append(g.culprit()).append("  (owner ").append(g.blameOwner())
          .append(")\n");
    }
    sb.append("rules      ").append(rules).append('\n');
    sb.append("grouped by ").append(groupedBy).append('\n');
    sb.append("hash input (").append(hashInput.size()).append(" components):\n");
    for (String v : hashInput) {
      sb.append("  ").append(v.replace("\n", "  ")).append('\n');
    }
    sb.append("components (+ counts, - does not):\n");
    appendIndented(sb, inApp.render());
    appendIndented(sb, allFrames.render());
    return sb.toString();
  }

  private static void appendIndented(StringBuilder sb, String block) {
    for (String line : block.split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
  }
}
