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

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};

    public double parse(String text) {
        long scaled = scan(text);
        if (scaled != NOT_SIMPLE) {
            int scale = (int) (scaled & 0xF);
            long mantissa = scaled >> 4;
            // an integer below 2^53 divided by an exact power of ten is rounded once, as BigDecimal.doubleValue() rounds
            return mantissa / POWERS_OF_TEN[scale];
        }
        return toBigDecimal(text).doubleValue();
    }

    /** The whole value of a number whose fraction is zero, or {@code Long.MIN_VALUE} when it is not that simple. */
    long wholeOrNotSimple(String text) {
        long scaled = scan(text);
        if (scaled == NOT_SIMPLE) {
            return NOT_SIMPLE;
        }
        int scale = (int) (scaled & 0xF);
        long mantissa = scaled >> 4;
        long power = (long) POWERS_OF_TEN[scale];
        return mantissa % power == 0 ? mantissa / power : NOT_SIMPLE;
    }

    static final long NOT_SIMPLE = Long.MIN_VALUE;

    /**
     * Reads the common shapes ({@code 45}, {@code -3}, {@code 60,0}) without building a BigDecimal: the digits
     * as a mantissa shifted left by four bits, the count of fraction digits in those four bits; or
     * {@link #NOT_SIMPLE} for anything else (spaces, thousands separators, signs, long numbers), which
     * {@link #toBigDecimal} then reads or refuses.
     */
    private long scan(String text) {
        int length = text.length();
        if (length == 0 || length > 15) {
            return NOT_SIMPLE;
        }
        int i = 0;
        boolean negative = text.charAt(0) == '-';
        if (negative) {
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == decimalSeparator && scale < 0 && digits > 0) {
                scale = 0;
            } else {
                return NOT_SIMPLE;
            }
        }
        if (digits == 0 || scale == 0) {
            return NOT_SIMPLE;
        }
        long value = negative ? -mantissa : mantissa;
        return value << 4 | Math.max(scale, 0);
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
        return new FieldFormatException("expected a number like 1 234" + decimalSeparator + "5, found " + ValueShape.describe(value));
    }
}
