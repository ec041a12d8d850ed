package dev.crashflow.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lets BigQuery-flavoured SQL, as analysts write it against the production tables, run on the
 * local DuckDB warehouse.
 *
 * <p>Two mechanisms: {@link #MACROS} defines BigQuery functions DuckDB lacks or names differently
 * ({@code TIMESTAMP_SUB}, {@code DATE_SUB}, {@code CURRENT_TIMESTAMP()}, {@code SAFE_DIVIDE}, ...);
 * {@link #rewrite} translates the few constructs a macro cannot express because they are syntax,
 * not functions:
 *
 * <ul>
 *   <li>{@code TIMESTAMP '2026-01-01 10:00:00'} and {@code TIMESTAMP('...')} become
 *       {@code TIMESTAMPTZ} values, since a BigQuery TIMESTAMP is an instant (the session zone is
 *       UTC, so comparisons agree either way; the result type now does too);
 *   <li>backquoted names: {@code `project.dataset.crash_events`} becomes {@code "crash_events"};
 *   <li>{@code FROM t, UNNEST(t.list) AS x}: BigQuery binds {@code x} to the element, DuckDB to a
 *       one-column table, so the alias becomes {@code x(x)} and {@code x.field} works (the alias
 *       must not also be a column name of another table in the FROM list, or DuckDB reports an
 *       ambiguous reference);
 *   <li>{@code list[OFFSET(i)]}, {@code [SAFE_OFFSET(i)]}, {@code [ORDINAL(i)]}: DuckDB lists are
 *       1-based and already NULL out of range;
 *   <li>{@code SELECT * EXCEPT (c)} becomes {@code * EXCLUDE (c)}, and {@code # comment} a
 *       {@code --} comment, and a raw string {@code r'\d+'} a plain DuckDB string;
 *   <li>{@code TIMESTAMP_TRUNC(ts, DAY)}, {@code DATE_TRUNC}, {@code DATETIME_TRUNC}, and
 *       {@code TIMESTAMP_DIFF(a, b, HOUR)}, {@code DATE_DIFF}, {@code DATETIME_DIFF}, whose date
 *       part is a bare keyword in BigQuery and a string in DuckDB;
 *   <li>{@code REGEXP_EXTRACT(s, 'pattern')}: BigQuery returns the capturing group when the
 *       pattern has one, and NULL when nothing matches; DuckDB returns the whole match and ''.
 *       With a literal pattern the call becomes DuckDB's with the right group, NULL on no match;
 *   <li>{@code HLL_COUNT.MERGE/MERGE_PARTIAL/EXTRACT/INIT}, read from local sketches
 *       ({@link SketchDialect});
 *   <li>named query parameters {@code @name} (as {@code bq query --parameter} fills them), when
 *       a value is given to {@link #rewrite(String, Map)}: replaced by a literal.
 * </ul>
 *
 * <p>Everything else passes through unchanged, so DuckDB's own SQL keeps working. Text inside
 * string literals, quoted identifiers and comments is never touched. In particular a
 * double-quoted {@code "text"} stays a quoted identifier as in DuckDB (BigQuery reads it as a
 * string): write string literals in single quotes.
 */
public final class BigQueryDialect {

  /** DuckDB macros standing in for BigQuery functions; created when the warehouse opens. */
  public static final List<String> MACROS = List.of(
      "CREATE MACRO current_timestamp() AS get_current_timestamp()",
      "CREATE MACRO timestamp_sub(ts, step) AS ts - step",
      "CREATE MACRO timestamp_add(ts, step) AS ts + step",
      "CREATE MACRO datetime_sub(ts, step) AS ts - step",
      "CREATE MACRO datetime_add(ts, step) AS ts + step",
      // BigQuery's DATE_ADD/DATE_SUB return a DATE; DuckDB's date arithmetic gives a TIMESTAMP.
      // DuckDB's own three-argument date_sub(part, start, end) stays available as an overload.
      "CREATE MACRO date_sub(d, step) AS CAST(d - step AS DATE),"
          + " (part, startdate, enddate) AS datesub(part, startdate, enddate)",
      "CREATE MACRO date_add(d, step) AS CAST(d + step AS DATE)",
      "CREATE MACRO timestamp_seconds(s) AS to_timestamp(s)",
      "CREATE MACRO timestamp_millis(ms) AS make_timestamptz(ms * 1000)",
      "CREATE MACRO timestamp_micros(us) AS make_timestamptz(us)",
      "CREATE MACRO unix_seconds(ts) AS epoch(ts)::BIGINT",
      "CREATE MACRO unix_millis(ts) AS epoch_ms(ts)",
      "CREATE MACRO unix_micros(ts) AS epoch_us(ts)",
      "CREATE MACRO format_timestamp(fmt, ts) AS strftime(ts, fmt)",
      "CREATE MACRO format_date(fmt, d) AS strftime(d, fmt)",
      "CREATE MACRO parse_timestamp(fmt, s) AS strptime(s, fmt)::TIMESTAMPTZ",
      "CREATE MACRO parse_date(fmt, s) AS strptime(s, fmt)::DATE",
      "CREATE MACRO safe_divide(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a / b END",
      "CREATE MACRO regexp_contains(s, re) AS regexp_matches(s, re)",
      "CREATE MACRO logical_or(b) AS bool_or(b)",
      "CREATE MACRO logical_and(b) AS bool_and(b)");

  private static final Set<String> DATE_PARTS = Set.of("MICROSECOND", "MILLISECOND", "SECOND",
      "MINUTE", "HOUR", "DAY", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR", "ISOYEAR");
  private static final Set<String> TRUNC_FUNCTIONS =
      Set.of("TIMESTAMP_TRUNC", "DATE_TRUNC", "DATETIME_TRUNC", "TIME_TRUNC");
  private static final Set<String> DIFF_FUNCTIONS =
      Set.of("TIMESTAMP_DIFF", "DATE_DIFF", "DATETIME_DIFF", "TIME_DIFF");
  private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "HAVING",
      "QUALIFY", "WINDOW", "ORDER", "LIMIT", "ON", "USING", "UNION", "INTERSECT", "EXCEPT");

  private BigQueryDialect() {}

  /** Translates the BigQuery-only syntax in {@code sql} to DuckDB; see the class comment. */
  public static String rewrite(String sql) {
    return rewrite(sql, Map.of());
  }

  /**
   * Like {@link #rewrite(String)}, with named query parameters: {@code @name} becomes the SQL
   * literal of {@code params.get(name)} (already a literal: see {@link QueryParameters#literal}).
   * Parameters the map does not name stay as they are.
   */
  public static String rewrite(String sql, Map<String, String> params) {
    List<SqlTokens.Token> tokens = SketchDialect.join(SqlTokens.tokenize(sql));
    return new Rewriter(tokens, params).rewrite(0, tokens.size());
  }

  private static final class Rewriter {
    private final List<SqlTokens.Token> tokens;
    private final Map<String, String> params;

    Rewriter(List<SqlTokens.Token> tokens, Map<String, String> params) {
      this.tokens = tokens;
      this.params = params;
    }

    /** Rewrites tokens {@code [from, to)}; parentheses inside are balanced or the input is bad. */
    String rewrite(int from, int to) {
      StringBuilder out = new StringBuilder();
      // The clause each open parenthesis level is in, to tell FROM-list UNNEST from SELECT-list.
      List<String> clause = new ArrayList<>(List.of(""));
      for (int i = from; i < to; i++) {
        SqlTokens.Token t = tokens.get(i);
        String word = t.word();
        if (t.is("(")) {
          clause.add("");
        } else if (t.is(")") && clause.size() > 1) {
          clause.remove(clause.size() - 1);
        } else if (CLAUSES.contains(word)) {
          clause.set(clause.size() - 1, word);
        } else if (word.equals("JOIN")) {
          clause.set(clause.size() - 1, "FROM");
        }
        String current = clause.get(clause.size() - 1);

        if (t.kind() == SqlTokens.Kind.COMMENT && t.text().startsWith("#")) {
          out.append("--").append(t.text(), 1, t.text().length());
          continue;
        }
        if (word.equals("R") && i + 1 < to
            && tokens.get(i + 1).kind() == SqlTokens.Kind.STRING) {
          continue; // r'\d+': DuckDB strings have no escapes, so every string is already raw
        }
        if (word.equals("TIMESTAMP") && !isTypePosition(i, from)) {
          int j = next(i, to);
          if (j < to && tokens.get(j).kind() == SqlTokens.Kind.STRING) {
            out.append("TIMESTAMPTZ"); // a BigQuery TIMESTAMP is an instant, a DuckDB one is not
            continue;
          }
          if (j < to && tokens.get(j).is("(") && matching(j, to) < to) {
            int close = matching(j, to);
            out.append("CAST(").append(rewrite(j + 1, close)).append(" AS TIMESTAMPTZ)");
            i = close;
            continue;
          }
        }
        if (t.is("@") && i + 1 < to && tokens.get(i + 1).kind() == SqlTokens.Kind.WORD
            && params.containsKey(tokens.get(i + 1).text())) {
          out.append(params.get(tokens.get(i + 1).text()));
          i++;
          continue;
        }
        if (word.equals("REGEXP_EXTRACT")) {
          int open = next(i, to);
          if (open < to && tokens.get(open).is("(")) {
            String call = regexpExtract(open, to);
            if (call != null) {
              out.append(call);
              i = matching(open, to);
              continue;
            }
          }
        }
        if (t.kind() == SqlTokens.Kind.BACKQUOTED) {
          String name = t.text().substring(1, t.text().length() - 1);
          out.append(TableSchemas.quoteIdent(name.substring(name.lastIndexOf('.') + 1)));
          continue;
        }
        if (t.is("[")) {
          int f = next(i, to);
          int p = next(f, to);
          if (p < to && tokens.get(p).is("(")) {
            String fn = tokens.get(f).word();
            if (fn.equals("OFFSET") || fn.equals("SAFE_OFFSET")) {
              out.append("[1 + (");
              i = p;
              clause.add("");
              continue;
            }
            if (fn.equals("ORDINAL") || fn.equals("SAFE_ORDINAL")) {
              out.append("[(");
              i = p;
              clause.add("");
              continue;
            }
          }
        }
        if (t.is("*")) {
          int e = next(i, to);
          if (e < to && tokens.get(e).word().equals("EXCEPT")) {
            int p = next(e, to);
            if (p < to && tokens.get(p).is("(")) {
              out.append(t.text()).append(spacing(i + 1, e)).append("EXCLUDE");
              i = e;
              continue;
            }
          }
        }
        if ((TRUNC_FUNCTIONS.contains(word) || DIFF_FUNCTIONS.contains(word))) {
          int open = next(i, to);
          if (open < to && tokens.get(open).is("(")) {
            String call = datePartCall(word, open, to);
            if (call != null) {
              out.append(call);
              i = matching(open, to);
              continue;
            }
          }
        }
        out.append(t.text());
        if (word.equals("UNNEST") && current.equals("FROM")) {
          i = unnestAlias(i, to, out);
        }
      }
      return out.toString();
    }

    /** After {@code UNNEST} in a FROM list: copies the call and turns alias {@code x} into
     *  {@code x(x)}. Returns the index of the last token consumed. */
    private int unnestAlias(int unnest, int to, StringBuilder out) {
      int open = next(unnest, to);
      if (open >= to || !tokens.get(open).is("(")) {
        return unnest;
      }
      int close = matching(open, to);
      if (close >= to) {
        return unnest;
      }
      out.append(spacing(unnest + 1, open)).append(rewrite(open, close + 1));
      int j = next(close, to);
      if (j < to && tokens.get(j).word().equals("AS")) {
        j = next(j, to);
      }
      if (j >= to || tokens.get(j).kind() != SqlTokens.Kind.WORD
          || CLAUSES.contains(tokens.get(j).word()) || isJoinWord(tokens.get(j).word())) {
        return close;
      }
      int after = next(j, to);
      if (after < to && tokens.get(after).is("(")) {
        return close; // already DuckDB's table(column) alias form
      }
      for (int k = close + 1; k <= j; k++) {
        out.append(tokens.get(k).text());
      }
      out.append('(').append(tokens.get(j).text()).append(')');
      return j;
    }

    /** Whether token {@code i} names a type, as in {@code CAST(x AS TIMESTAMP)} or {@code ::}. */
    private boolean isTypePosition(int i, int from) {
      int j = i - 1;
      while (j >= from && tokens.get(j).isBlank()) {
        j--;
      }
      return j >= from && (tokens.get(j).word().equals("AS") || tokens.get(j).is(":"));
    }

    private static boolean isJoinWord(String word) {
      return Set.of("JOIN", "CROSS", "LEFT", "RIGHT", "INNER", "FULL", "OUTER", "WITH")
          .contains(word);
    }

    /** {@code REGEXP_EXTRACT(s, 'literal')} with BigQuery's group and no-match semantics. */
    private String regexpExtract(int open, int to) {
      int close = matching(open, to);
      if (close >= to) {
        return null;
      }
      List<int[]> args = arguments(open, close);
      if (args.size() != 2) {
        return null; // one argument, or position/occurrence arguments: leave it alone
      }
      int comma = args.get(0)[1];
      int pattern = next(comma, close);
      if (pattern < close && tokens.get(pattern).word().equals("R")) {
        pattern++; // r'raw': DuckDB strings are raw already
      }
      if (pattern >= close || tokens.get(pattern).kind() != SqlTokens.Kind.STRING
          || next(pattern, close) < close) {
        return null;
      }
      String literal = tokens.get(pattern).text();
      int group = hasCapturingGroup(literal.substring(1, literal.length() - 1)) ? 1 : 0;
      String subject = rewrite(open + 1, comma).strip();
      return "(CASE WHEN regexp_matches(" + subject + ", " + literal + ") THEN regexp_extract("
          + subject + ", " + literal + ", " + group + ") END)";
    }

    /**
     * The token ranges {@code [start, end)} of a call's arguments between its parentheses at
     * {@code open} and {@code close}: split at the commas outside nested brackets.
     */
    private List<int[]> arguments(int open, int close) {
      List<int[]> args = new ArrayList<>();
      int depth = 0;
      int start = open + 1;
      for (int k = open + 1; k < close; k++) {
        SqlTokens.Token t = tokens.get(k);
        if (t.is("(") || t.is("[")) {
          depth++;
        } else if (t.is(")") || t.is("]")) {
          depth--;
        } else if (t.is(",") && depth == 0) {
          args.add(new int[] {start, k});
          start = k + 1;
        }
      }
      args.add(new int[] {start, close});
      return args;
    }

    private static boolean hasCapturingGroup(String re) {
      for (int k = 0; k < re.length(); k++) {
        char c = re.charAt(k);
        if (c == '\\') {
          k++;
        } else if (c == '(' && !re.startsWith("(?", k)) {
          return true;
        }
      }
      return false;
    }

    /** {@code FN(args..., PART)} with a bare date part as its last argument, in DuckDB form. */
    private String datePartCall(String fn, int open, int to) {
      int close = matching(open, to);
      if (close >= to) {
        return null;
      }
      List<int[]> args = arguments(open, close);
      int[] last = args.get(args.size() - 1);
      int partToken = next(last[0] - 1, last[1]);
      if (partToken >= last[1] || next(partToken, last[1]) < last[1]
          || !DATE_PARTS.contains(tokens.get(partToken).word())) {
        return null;
      }
      String part = TableSchemas.quoteLiteral(tokens.get(partToken).word().toLowerCase(Locale.ROOT));
      if (TRUNC_FUNCTIONS.contains(fn) && args.size() == 2) {
        return "date_trunc(" + part + ", " + rewrite(args.get(0)[0], args.get(0)[1]).strip() + ")";
      }
      if (DIFF_FUNCTIONS.contains(fn) && args.size() == 3) {
        String end = rewrite(args.get(0)[0], args.get(0)[1]).strip();
        String begin = rewrite(args.get(1)[0], args.get(1)[1]).strip();
        // BigQuery's DATE_DIFF counts part boundaries crossed (DuckDB date_diff); TIMESTAMP_DIFF
        // counts whole parts elapsed (DuckDB date_sub, reached through its alias datesub).
        String duck = fn.equals("DATE_DIFF") ? "date_diff" : "datesub";
        return duck + "(" + part + ", " + begin + ", " + end + ")";
      }
      return null;
    }

    /** Index of the next token after {@code i} that is not whitespace or a comment. */
    private int next(int i, int to) {
      int j = i + 1;
      while (j < to && tokens.get(j).isBlank()) {
        j++;
      }
      return j;
    }

    private int matching(int open, int to) {
      int depth = 0;
      for (int k = open; k < to; k++) {
        if (tokens.get(k).is("(")) {
          depth++;
        } else if (tokens.get(k).is(")") && --depth == 0) {
          return k;
        }
      }
      return to;
    }

    private String spacing(int from, int to) {
      StringBuilder s = new StringBuilder();
      for (int k = from; k < to; k++) {
        s.append(tokens.get(k).text());
      }
      return s.toString();
    }
  }
}
