package fr.pairobs.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Positions in a query's text, and its leading keyword. A message about a query gives a line and a
 * column, never a piece of the text: the text may come from a file ({@code -f}), and a piece of it
 * printed back is how a file's content would leave the sandbox.
 */
final class SqlText {
    /** Statement keywords a refusal may name: SQL's own words, never a token taken from the text. */
    private static final Set<String> STATEMENT_KEYWORDS = Set.of("ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT",
            "COMMENT", "COMMIT", "COPY", "CREATE", "DEALLOCATE", "DELETE", "DESCRIBE", "DETACH", "DROP", "END", "EXECUTE",
            "EXPLAIN", "EXPORT", "FORCE", "FROM", "GRANT", "IMPORT", "INSERT", "INSTALL", "LOAD", "MERGE", "PIVOT", "PRAGMA",
            "PREPARE", "REINDEX", "RESET", "REVOKE", "ROLLBACK", "SELECT", "SET", "SHOW", "START", "SUMMARIZE", "TABLE",
            "TRANSACTION", "TRUNCATE", "UNPIVOT", "UPDATE", "UPSERT", "USE", "VACUUM", "VALUES", "WITH");

    private SqlText() {
    }

    /** Line and column (both from 1) of a byte offset into the UTF-8 text, as DuckDB counts its locations. */
    static Optional<String> position(String text, long byteOffset) {
        requireNonNull(text, "text is null");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (byteOffset < 0 || byteOffset > bytes.length) {
            return Optional.empty();
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < byteOffset; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n' || (b == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if ((b & 0xc0) != 0x80 && b != '\r') {
                // the first byte of a character (not a UTF-8 continuation byte)
                column++;
            }
        }
        return Optional.of("line " + line + ", column " + column);
    }

    /** The same, for a character index. */
    static Optional<String> positionOfChar(String text, int charIndex) {
        if (charIndex < 0 || charIndex > text.length()) {
            return Optional.empty();
        }
        return position(text, text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length);
    }

    /** Index of the first character after leading white space and comments (nested block comments, as DuckDB's lexer). */
    static int firstToken(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int depth = 0;
                do {
                    if (text.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (text.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (depth > 0 && i < text.length());
            } else {
                return i;
            }
        }
        return i;
    }

    /** The word (letters) at {@code from}, upper case, or empty. */
    static String wordAt(String text, int from) {
        int end = from;
        while (end < text.length() && end - from < 32 && isAsciiLetter(text.charAt(end))) {
            end++;
        }
        boolean whole = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_';
        return whole ? text.substring(from, end).toUpperCase(Locale.ROOT) : "";
    }

    /** The statement's first keyword if it is a SQL statement keyword, else "this statement": never a token of the text. */
    static String statementKeyword(String text) {
        int start = firstToken(text);
        if (start < text.length() && text.charAt(start) == '(') {
            return "SELECT";
        }
        String word = wordAt(text, start);
        return STATEMENT_KEYWORDS.contains(word) ? word : "this statement";
    }

    /** A name to print: a plain identifier, else nothing (a name with odd characters is not worth the risk). */
    static boolean printable(String name) {
        return name != null && name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}");
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
