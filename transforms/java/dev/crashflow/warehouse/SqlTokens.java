package dev.crashflow.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexer just precise enough for {@link BigQueryDialect}: it separates words, symbols, literals,
 * quoted names, whitespace and comments, and concatenating the tokens gives back the input.
 */
final class SqlTokens {

  enum Kind { WORD, NUMBER, STRING, QUOTED, BACKQUOTED, SYMBOL, SPACE, COMMENT }

  /** One token; {@code text} is exactly the input characters it covers. */
  record Token(Kind kind, String text) {
    /** The upper-cased text of a word, or "" for any other token. */
    String word() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isBlank() {
      return kind == Kind.SPACE || kind == Kind.COMMENT;
    }
  }

  private SqlTokens() {}

  static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      Kind kind;
      if (Character.isWhitespace(c)) {
        end = i + 1;
        while (end < n && Character.isWhitespace(sql.charAt(end))) {
          end++;
        }
        kind = Kind.SPACE;
      } else if (c == '-' && sql.startsWith("--", i)
          || c == '#' && (i + 1 == n || !Character.isDigit(sql.charAt(i + 1)))) {
        // BigQuery's '#' comment; '#1' is DuckDB's positional column reference.
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        kind = Kind.COMMENT;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        kind = Kind.COMMENT;
      } else if (c == '\'' || c == '"' || c == '`') {
        end = closingQuote(sql, i);
        kind = c == '\'' ? Kind.STRING : c == '"' ? Kind.QUOTED : Kind.BACKQUOTED;
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
            || sql.charAt(end) == '$')) {
          end++;
        }
        kind = Kind.WORD;
      } else if (Character.isDigit(c)) {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        kind = Kind.NUMBER;
      } else {
        end = i + 1;
        kind = Kind.SYMBOL;
      }
      tokens.add(new Token(kind, sql.substring(i, end)));
      i = end;
    }
    return tokens;
  }

  /** End (exclusive) of the quoted text starting at {@code start}; a doubled quote stays inside
   *  (DuckDB has no backslash escapes). An unterminated quote runs to the end of the input. */
  private static int closingQuote(String sql, int start) {
    char q = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == q) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }
}
