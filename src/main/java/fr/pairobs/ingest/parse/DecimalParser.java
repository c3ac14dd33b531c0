package fr.pairobs.ingest.parse;

import java.math.BigDecimal;

/**
 * Parses French-style numbers: decimal comma (or point), spaces, non-breaking spaces and, with a
 * decimal comma, points as thousands separators ("1 234,50", "1.234,5").
 */
public final class DecimalParser {
    private final char decimalSeparator;

    public DecimalParser(char decimalSeparator) {
        if (decimalSeparator != ',' && decimalSeparator != '.') {
            throw new IllegalArgumentException("decimal separator must be ',' or '.'");
        }
        this.decimalSeparator = decimalSeparator;
    }

    public double parse(String text) {
        return toBigDecimal(text).doubleValue();
    }

    BigDecimal toBigDecimal(String text) {
        String value = text.strip();
        StringBuilder normalized = new StringBuilder(value.length());
        boolean seenDecimal = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\u00A0' || c == '\u202F') {
                continue;
            }
            if (c == decimalSeparator) {
                if (seenDecimal) {
                    throw invalid(value);
                }
                seenDecimal = true;
                normalized.append('.');
            } else if (c == '.' && decimalSeparator == ',') {
                if (seenDecimal) {
                    throw invalid(value);
                }
                // thousands separator
            } else if ((c >= '0' && c <= '9') || ((c == '-' || c == '+') && normalized.isEmpty())) {
                normalized.append(c);
            } else {
                throw invalid(value);
            }
        }
        if (normalized.isEmpty() || normalized.toString().equals("-") || normalized.toString().equals("+")
                || normalized.toString().endsWith(".") && normalized.length() == 1) {
            throw invalid(value);
        }
        try {
            return new BigDecimal(normalized.toString());
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
    }

    private FieldFormatException invalid(String value) {
        return new FieldFormatException("expected a number like 1 234" + decimalSeparator + "5, found '" + value + "'");
    }
}
