package dev.crashflow.grouping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * B-cubed precision and recall of a clustering against gold labels (Bagga and Baldwin 1998; Amigó
 * et al. 2009), per element: for element e, precision(e) is the share of e's cluster that has e's
 * label, recall(e) the share of e's label that is in e's cluster; both are averaged over all
 * elements. Precision below 1 means issues merge bugs, recall below 1 means a bug is split.
 */
public record BCubed(int elements, int labels, int clusters, double precision, double recall) {

  /** F1 of precision and recall. */
  public double f1() {
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /** Scores {@code clusters.get(i)} against {@code labels.get(i)}, for every element i. */
  public static BCubed score(List<String> labels, List<String> clusters) {
    if (labels.size() != clusters.size()) {
      throw new IllegalArgumentException(labels.size() + " labels, " + clusters.size()
          + " clusters");
    }
    Map<String, Integer> perLabel = new HashMap<>();
    Map<String, Integer> perCluster = new HashMap<>();
    Map<List<String>, Integer> perBoth = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      perLabel.merge(labels.get(i), 1, Integer::sum);
      perCluster.merge(clusters.get(i), 1, Integer::sum);
      perBoth.merge(List.of(labels.get(i), clusters.get(i)), 1, Integer::sum);
    }
    double precision = 0;
    double recall = 0;
    for (int i = 0; i < labels.size(); i++) {
      double same = perBoth.get(List.of(labels.get(i), clusters.get(i)));
      precision += same / perCluster.get(clusters.get(i));
      recall += same / perLabel.get(labels.get(i));
    }
    int n = labels.size();
    return new BCubed(n, perLabel.size(), perCluster.size(), n == 0 ? 1 : precision / n,
        n == 0 ? 1 : recall / n);
  }

  /** Labels split over several clusters: label to its clusters to their elements' indexes. */
  public static Map<String, Map<String, List<Integer>>> splits(List<String> labels,
      List<String> clusters) {
    return spread(labels, clusters);
  }

  /** Clusters holding several labels: cluster to its labels to their elements' indexes. */
  public static Map<String, Map<String, List<Integer>>> merges(List<String> labels,
      List<String> clusters) {
    return spread(clusters, labels);
  }

  private static Map<String, Map<String, List<Integer>>> spread(List<String> keys,
      List<String> values) {
    Map<String, Map<String, List<Integer>>> all = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      all.computeIfAbsent(keys.get(i), k -> new LinkedHashMap<>())
          .computeIfAbsent(values.get(i), v -> new ArrayList<>()).add(i);
    }
    Set<String> single = new LinkedHashSet<>();
    all.forEach((k, v) -> {
      if (v.size() < 2) {
        single.add(k);
      }
    });
    single.forEach(all::remove);
    return all;
  }

  @Override
  public String toString() {
    return String.format("%d events, %d labels, %d issues; B-cubed precision %.4f, recall %.4f,"
        + " F1 %.4f", elements, labels, clusters, precision, recall, f1());
  }
}
