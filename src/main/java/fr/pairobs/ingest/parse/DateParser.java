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
 */
public final class DateParser {
    private final List<DateTimeFormatter> formatters;
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
        this.expected = String.join(" or ", patterns.stream().map(DateParser::example).toList());
    }

    public LocalDate parse(String text) {
        String value = text.strip();
        for (DateTimeFormatter formatter : formatters) {
            try {
                return LocalDate.parse(value, formatter);
            } catch (DateTimeParseException ignored) {
                // try the next pattern
            }
        }
        throw new FieldFormatException("expected a date like " + expected + ", found '" + value + "'");
    }

    private static DateTimeFormatter strict(String pattern) {
        // 'uuuu' is the proleptic year: with 'yyyy' STRICT resolution would also need an era
        return DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu")).withResolverStyle(ResolverStyle.STRICT);
    }

    private static String example(String pattern) {
        return LocalDate.of(2024, 12, 31).format(DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu")));
    }
}
