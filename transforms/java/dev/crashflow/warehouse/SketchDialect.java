package dev.crashflow.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BigQuery's {@code HLL_COUNT.*} functions on the local warehouse. The pipeline writes the sketch
 * columns ({@code users_sketch}, ...) locally as the sorted distinct 64-bit hashes of the ids
 * (see {@code dev.crashflow.aggregates.DistinctSketch}), since DuckDB cannot read zetasketch
 * bytes; these DuckDB macros read that form, so view SQL written for BigQuery runs unchanged:
 *
 * <ul>
 *   <li>{@code HLL_COUNT.MERGE(sketch)} (aggregate): distinct ids over the rows' sketches;
 *   <li>{@code HLL_COUNT.MERGE_PARTIAL(sketch)} (aggregate): the union sketch;
 *   <li>{@code HLL_COUNT.EXTRACT(sketch)}: distinct ids of one sketch;
 *   <li>{@code HLL_COUNT.INIT(id [, precision])} (aggregate): a sketch of ids, compatible with the
 *       pipeline's (same hash), so SQL-built and pipeline-built sketches merge.
 * </ul>
 *
 * Locally the counts are exact; BigQuery's are HLL++ estimates (about 0.5% at precision 15, exact
 * for small counts in its sparse mode). {@link #join} turns the dotted name into one word before
 * {@link BigQueryDialect} rewrites the rest.
 */
final class SketchDialect {

  private static final Set<String> FUNCTIONS = Set.of("MERGE", "MERGE_PARTIAL", "EXTRACT", "INIT");

  private static final String IDS =
      "list_filter(string_split(decode(s), ','), lambda x: x <> '')";
  private static final String INIT =
      "encode(array_to_string(list_sort(list_distinct(list(left(md5(CAST(v AS VARCHAR)), 16)))), ','))";

  /** Created with {@link BigQueryDialect#MACROS} when the warehouse opens. */
  static final List<String> MACROS = List.of(
      "CREATE MACRO hll_count_extract(s) AS coalesce(len(" + IDS + "), 0)",
      "CREATE MACRO hll_count_merge(s) AS coalesce(len(list_distinct(flatten(list(" + IDS
          + ")))), 0)",
      "CREATE MACRO hll_count_merge_partial(s) AS encode(array_to_string(list_sort(list_distinct("
          + "flatten(list(" + IDS + ")))), ','))",
      "CREATE MACRO hll_count_init(v) AS " + INIT + ", (v, p) AS " + INIT);

  private SketchDialect() {}

  /** {@code HLL_COUNT . MERGE} (any case, blanks allowed around the dot) becomes the word
   *  {@code hll_count_merge}; every other token is kept. */
  static List<SqlTokens.Token> join(List<SqlTokens.Token> tokens) {
    List<SqlTokens.Token> out = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      SqlTokens.Token t = tokens.get(i);
      if (t.word().equals("HLL_COUNT")) {
        int dot = nonBlank(tokens, i + 1);
        int fn = nonBlank(tokens, dot + 1);
        if (fn < tokens.size() && tokens.get(dot).is(".")
            && FUNCTIONS.contains(tokens.get(fn).word())) {
          out.add(new SqlTokens.Token(SqlTokens.Kind.WORD,
              "hll_count_" + tokens.get(fn).word().toLowerCase(Locale.ROOT)));
          i = fn;
          continue;
        }
      }
      out.add(t);
    }
    return out;
  }

  private static int nonBlank(List<SqlTokens.Token> tokens, int i) {
    while (i < tokens.size() && tokens.get(i).isBlank()) {
      i++;
    }
    return i;
  }
}
