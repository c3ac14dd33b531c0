package fr.pairobs.ingest.parse;

import java.math.BigDecimal;

/** Parses whole numbers in partner formats ("1 234", and "45,0" whose fraction is zero). */
public final class IntegerParser {
    private final DecimalParser decimals;

    public IntegerParser(char decimalSeparator) {
        this.decimals = new DecimalParser(decimalSeparator);
    }

    public int parseInt(String text) {
        long value = parseLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new FieldFormatException("expected a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    + ", found a larger one (" + ValueShape.describe(text.strip()) + ")");
        }
        return (int) value;
    }

    public long parseLong(String text) {
        long simple = decimals.wholeOrNotSimple(text);
        if (simple != DecimalParser.NOT_SIMPLE) {
            return simple;
        }
        BigDecimal value;
        try {
            value = decimals.toBigDecimal(text);
        } catch (FieldFormatException e) {
            throw new FieldFormatException("expected a whole number, found " + ValueShape.describe(text.strip()));
        }
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new FieldFormatException("expected a whole number, found " + ValueShape.describe(text.strip()));
        }
    }
}
