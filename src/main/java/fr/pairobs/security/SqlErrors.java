package fr.pairobs.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * DuckDB's error messages told without their text. DuckDB quotes the query (the offending line, and
 * names and values in the message: "syntax error at or near "SECRETKEY..."", "Referenced column "x"
 * not found"), so a message is never printed: it is mapped to a category, a generic reason and the
 * line and column, which are computed from the excerpt DuckDB shows ({@code LINE n: ...} and a caret
 * under the error) found again in the query's text.
 */
final class SqlErrors {
    private static final Pattern CATEGORY = Pattern.compile("^([A-Za-z][A-Za-z ]{0,40}?) Error: ");
    private static final Pattern LINE = Pattern.compile("(?m)^LINE (\\d+): (.*)$");

    private SqlErrors() {
    }

    /**
     * A one-line description of a failed query: category, generic reason, line and column.
     *
     * @param message DuckDB's message (never printed)
     * @param executed the text DuckDB ran, for the position
     * @param prefix characters put before the user's text in {@code executed} (e.g. "EXPLAIN "), taken
     *        off the position so that it points into the user's text
     * @param userText the user's text, to count lines and columns in
     */
    static String describe(String message, String executed, int prefix, String userText) {
        requireNonNull(executed, "executed is null");
        requireNonNull(userText, "userText is null");
        String m = message == null ? "" : message;
        String reason = reason(m);
        Optional<String> where = locate(m, executed).flatMap(offset -> offset >= prefix
                ? SqlText.positionOfChar(userText, offset - prefix) : Optional.empty());
        return reason + where.map(w -> " at " + w).orElse("");
    }

    /** Category and generic reason; nothing DuckDB wrote after the category is used. */
    static String reason(String message) {
        Matcher category = CATEGORY.matcher(message);
        String kind = category.find() ? category.group(1).strip() : "";
        String rest = category.find(0) ? message.substring(category.end()) : message;
        return switch (kind) {
            case "Parser", "Syntax" -> "syntax error";
            case "Binder" -> {
                if (rest.startsWith("Referenced column") || (rest.contains("column") && rest.contains("not found"))) {
                    yield "unknown column";
                }
                if (rest.startsWith("Referenced table")) {
                    yield "unknown table name or alias";
                }
                if (rest.startsWith("No function matches")) {
                    yield "no function of that name takes these argument types";
                }
                if (rest.contains("GROUP BY") || rest.contains("aggregate")) {
                    yield "a column must be in GROUP BY or inside an aggregate";
                }
                if (rest.startsWith("Ambiguous reference")) {
                    yield "ambiguous column name (qualify it with its table)";
                }
                yield "the query does not bind (a name, type or clause is wrong)";
            }
            case "Catalog" -> {
                if (rest.startsWith("Table with name")) {
                    yield "unknown table or view";
                }
                if (rest.contains("Function with name")) {
                    yield "unknown function";
                }
                yield "unknown name in the catalog";
            }
            case "Conversion" -> "conversion error (a value cannot be cast to the requested type)";
            case "Invalid Input" -> "invalid input to a function or cast";
            case "Out of Range" -> "a value is out of range";
            case "Not implemented" -> "DuckDB does not support this query";
            case "Invalid type", "Mismatch Type", "Type mismatch" -> "type mismatch";
            case "Division by zero" -> "division by zero";
            case "Constraint", "Dependency", "Transaction", "Sequence" -> kind.toLowerCase(Locale.ROOT) + " error";
            default -> "the query failed (database error)";
        };
    }

    /** The character offset into {@code executed} that DuckDB's excerpt and caret point at, if it can be found again. */
    static Optional<Integer> locate(String message, String executed) {
        Matcher line = LINE.matcher(message);
        if (!line.find()) {
            return Optional.empty();
        }
        int duckLine;
        try {
            duckLine = Integer.parseInt(line.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String excerpt = line.group(2);
        int caretLineStart = line.end() + 1;
        if (caretLineStart > message.length()) {
            return Optional.empty();
        }
        int caretLineEnd = message.indexOf('\n', caretLineStart);
        String caretLine = message.substring(caretLineStart, caretLineEnd < 0 ? message.length() : caretLineEnd);
        int caret = caretLine.indexOf('^');
        if (caret < 0) {
            return Optional.empty();
        }
        // the caret counts from the start of "LINE n: " and any "..." DuckDB put for a cut line
        int offsetInExcerpt = caret - ("LINE " + line.group(1) + ": ").length();
        for (boolean cutStart : new boolean[] {true, false}) {
            String shown = excerpt;
            int shift = offsetInExcerpt;
            if (cutStart) {
                if (!shown.startsWith("...")) {
                    continue;
                }
                shown = shown.substring(3);
                shift -= 3;
            }
            if (shown.endsWith("...") && executed.indexOf(shown) < 0) {
                shown = shown.substring(0, shown.length() - 3);
            }
            if (shown.isEmpty() || shift < 0) {
                continue;
            }
            Integer best = null;
            for (int at = executed.indexOf(shown); at >= 0; at = executed.indexOf(shown, at + 1)) {
                if (best == null) {
                    best = at;
                }
                if (duckDbLine(executed, at) == duckLine) {
                    best = at;
                    break;
                }
            }
            if (best != null) {
                return Optional.of(advance(executed, best, shift));
            }
        }
        return Optional.empty();
    }

    /** DuckDB counts a line at every \r and every \n. */
    private static int duckDbLine(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                line++;
            }
        }
        return line;
    }

    /** {@code width} display columns after {@code from}, one per code point (DuckDB counts render widths; close enough). */
    private static int advance(String text, int from, int width) {
        int i = from;
        for (int w = 0; w < width && i < text.length(); w++) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }
}
