package fr.pairobs.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * French number and date formats of the report: 27 826 €, 0,42, 42,0 %, 31/12/2025. The grouping
 * separator is the JDK's for Locale.FRANCE (a narrow no-break space, U+202F), so that a figure never
 * breaks across lines.
 */
public final class FrenchFormat {
    /** A primary cell: the cell itself counts from 1 to 10 people (or a difference of 1 to 10). */
    public static final String SECRET = "moins de 11 personnes";
    /** A secondary cell: masked so that a primary cell cannot be worked out; it may count many people. */
    public static final String SECRET_SECONDARY = "secret statistique";

    /** What the report prints for a masked cell, by its mask_reason. */
    public static String secret(Object maskReason) {
        return "primary".equals(maskReason) ? SECRET : SECRET_SECONDARY;
    }
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.FRANCE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRANCE);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH:mm", Locale.FRANCE);
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE);

    /** How a column's values read. */
    public enum Kind { NUMBER, PERCENT, EURO }

    private FrenchFormat() {
    }

    public static Kind kind(String column, String configured) {
        if (configured != null) {
            return Kind.valueOf(configured.toUpperCase(Locale.ROOT));
        }
        if (column.startsWith("share_") || column.startsWith("retention_") || column.contains("_rate") || column.endsWith("_share")) {
            return Kind.PERCENT;
        }
        if (column.endsWith("_eur") || column.startsWith("euros_")) {
            return Kind.EURO;
        }
        return Kind.NUMBER;
    }

    public static String format(Double value, Kind kind) {
        if (value == null) {
            return "";
        }
        return switch (kind) {
            case PERCENT -> pattern("#,##0.0").format(value * 100) + "\u00a0%";
            case EURO -> pattern("#,##0").format(value) + "\u00a0€";
            case NUMBER -> pattern(Math.abs(value) >= 100 ? "#,##0.#" : "#,##0.##").format(value);
        };
    }

    public static String signed(Double value, Kind kind) {
        if (value == null) {
            return "";
        }
        String text = kind == Kind.PERCENT ? pattern("#,##0.0").format(Math.abs(value) * 100) + "\u00a0pt" : format(Math.abs(value), kind);
        return (value > 0 ? "+" : value < 0 ? "−" : "±") + text;
    }

    public static String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    public static String longDate(LocalDate date) {
        return date == null ? "" : LONG_DATE.format(date);
    }

    public static String dateTime(LocalDateTime time) {
        return time == null ? "" : DATE_TIME.format(time);
    }

    public static String integer(Long value) {
        return value == null ? "" : pattern("#,##0").format(value);
    }

    private static DecimalFormat pattern(String pattern) {
        // DecimalFormat is not thread-safe: one per call
        return new DecimalFormat(pattern, SYMBOLS);
    }
}
