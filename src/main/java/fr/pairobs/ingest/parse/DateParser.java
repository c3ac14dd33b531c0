package fr.pairobs.ingest.parse;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses partner dates with the feed's patterns, strictly (31/02/2024 is refused). A pattern like
 * dd/MM/yyyy also accepts single-digit days and months (3/2/2024), as spreadsheets write them.
 * Patterns made of day, month, four-digit year and one-character separators are first tried by a
 * digit scan; anything it does not accept outright goes through the {@link DateTimeFormatter}s,
 * so the two paths give the same dates and the same refusals.
 */
public final class DateParser {
    private final List<DateTimeFormatter> formatters;
    private final List<NumericPattern> numeric;
    private final String expected;

    public DateParser(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one date pattern is needed");
        }
        List<DateTimeFormatter> list = new ArrayList<>();
        for (String pattern : patterns) {
            list.add(strict(pattern));
            String relaxed = pattern.replace("dd", "d").replace("MM", "M");
            if (!relaxed.equals(pattern)) {
                list.add(strict(relaxed));
            }
        }
        this.formatters = List.copyOf(list);
        List<NumericPattern> scans = new ArrayList<>();
        for (String pattern : patterns) {
            NumericPattern scan = NumericPattern.of(pattern);
            if (scan == null) {
                break; // keep the patterns' order: what follows an unscannable pattern is left to the formatters
            }
            scans.add(scan);
        }
        this.numeric = List.copyOf(scans);
        this.expected = String.join(" or ", patterns.stream().map(DateParser::example).toList());
    }

    public LocalDate parse(String text) {
        String value = text.strip();
        for (NumericPattern scan : numeric) {
            LocalDate date = scan.parse(value);
            if (date != null) {
                return date;
            }
        }
        for (DateTimeFormatter formatter : formatters) {
            try {
                return LocalDate.parse(value, formatter);
            } catch (DateTimeParseException ignored) {
                // try the next pattern
            }
        }
        throw new FieldFormatException("expected a date like " + expected + ", found " + ValueShape.describe(value));
    }

    private static DateTimeFormatter strict(String pattern) {
        // 'uuuu' is the proleptic year: with 'yyyy' STRICT resolution would also need an era
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu")).withResolverStyle(ResolverStyle.STRICT);
    }

    private static String example(String pattern) {
        return LocalDate.of(2024, 12, 31).format(DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu")));
    }

    /**
     * A pattern such as dd/MM/yyyy or yyyy-MM-dd: day and month of one or two digits (as the
     * relaxed formatter accepts them), a year of exactly four, and single literal separators.
     */
    private record NumericPattern(char[] fields, char[] separators) {
        static NumericPattern of(String pattern) {
            char[] fields = new char[3];
            char[] separators = new char[2];
            int field = 0;
            int i = 0;
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                int run = 1;
                while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                    run++;
                }
                boolean ok = (c == 'd' || c == 'M') && run <= 2 || c == 'y' && run == 4;
                if (!ok || field == 3) {
                    return null;
                }
                fields[field] = c;
                i += run;
                if (field < 2) {
                    if (i >= pattern.length()) {
                        return null;
                    }
                    char sep = pattern.charAt(i);
                    if (Character.isLetterOrDigit(sep) || sep == '\'' || i + 1 >= pattern.length()) {
                        return null;
                    }
                    separators[field] = sep;
                    i++;
                }
                field++;
            }
            if (field != 3 || fields[0] == fields[1] || fields[1] == fields[2] || fields[0] == fields[2]) {
                return null;
            }
            return new NumericPattern(fields, separators);
        }

        /** The date, or null when the text does not have this exact shape or is not a calendar date. */
        LocalDate parse(String text) {
            int year = -1;
            int month = -1;
            int day = -1;
            int pos = 0;
            int length = text.length();
            for (int f = 0; f < 3; f++) {
                int start = pos;
                int value = 0;
                while (pos < length && pos - start < 4) {
                    char c = text.charAt(pos);
                    if (c < '0' || c > '9') {
                        break;
                    }
                    value = value * 10 + (c - '0');
                    pos++;
                }
                int digits = pos - start;
                if (fields[f] == 'y' ? digits != 4 : digits < 1 || digits > 2) {
                    return null;
                }
                switch (fields[f]) {
                    case 'y' -> year = value;
                    case 'M' -> month = value;
                    default -> day = value;
                }
                if (f < 2) {
                    if (pos >= length || text.charAt(pos) != separators[f]) {
                        return null;
                    }
                    pos++;
                }
            }
            if (pos != length || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
                return null;
            }
            return LocalDate.of(year, month, day);
        }
    }
}
