package fr.pairobs.ingest.parse;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrenchFormatsTest {
    private final DateParser dates = new DateParser(List.of("dd/MM/yyyy", "yyyy-MM-dd"));
    private final DecimalParser decimals = new DecimalParser(',');
    private final IntegerParser integers = new IntegerParser(',');

    @Test
    void testFrenchAndIsoDatesAreParsedStrictly() {
        assertThat(dates.parse("29/02/2024")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(dates.parse("2024-12-31")).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(dates.parse("3/2/2025")).isEqualTo(LocalDate.of(2025, 2, 3));
        assertThatThrownBy(() -> dates.parse("29/02/2025")).hasMessage(
                "expected a date like 31/12/2024 or 2024-12-31, found 10 characters: digits and '/'");
        assertThatThrownBy(() -> dates.parse("31/02/2024")).isInstanceOf(FieldFormatException.class);
        assertThatThrownBy(() -> dates.parse("01/02/24")).isInstanceOf(FieldFormatException.class);
    }

    @Test
    void testDecimalCommaAndThousandsSeparators() {
        assertThat(decimals.parse("0,8")).isEqualTo(0.8);
        assertThat(decimals.parse("1 234,50")).isEqualTo(1234.5);
        assertThat(decimals.parse("1\u00A0234\u202F567,25")).isEqualTo(1234567.25);
        assertThat(decimals.parse("1.234,5")).isEqualTo(1234.5);
        assertThat(decimals.parse("-3")).isEqualTo(-3.0);
        assertThat(new DecimalParser('.').parse("12.75")).isEqualTo(12.75);
        assertThatThrownBy(() -> decimals.parse("1,2,3")).hasMessageContaining("found 5 characters: digits and ','").hasMessageNotContaining("1,2,3");
        assertThatThrownBy(() -> decimals.parse("abc")).isInstanceOf(FieldFormatException.class);
        assertThatThrownBy(() -> decimals.parse("NaN")).isInstanceOf(FieldFormatException.class);
        assertThatThrownBy(() -> decimals.parse("Infinity")).isInstanceOf(FieldFormatException.class);
    }

    @Test
    void testIntegersAcceptOnlyAZeroFraction() {
        assertThat(integers.parseInt("45,0")).isEqualTo(45);
        assertThat(integers.parseInt("1 234")).isEqualTo(1234);
        assertThatThrownBy(() -> integers.parseInt("12,5")).hasMessage("expected a whole number, found 4 characters: digits and ','");
        assertThatThrownBy(() -> integers.parseInt("abc")).hasMessage("expected a whole number, found 3 letters");
    }

    @Test
    void testTheDigitScanGivesWhatTheFormattersGive() {
        java.util.Random random = new java.util.Random(7);
        List<String> patterns = List.of("dd/MM/yyyy", "yyyy-MM-dd");
        List<java.time.format.DateTimeFormatter> reference = new java.util.ArrayList<>();
        for (String pattern : List.of("dd/MM/uuuu", "d/M/uuuu", "uuuu-MM-dd", "uuuu-M-d")) {
            reference.add(java.time.format.DateTimeFormatter.ofPattern(pattern)
                    .withResolverStyle(java.time.format.ResolverStyle.STRICT));
        }
        DateParser parser = new DateParser(patterns);
        String alphabet = "0123456789/-/-0123 x";
        for (int n = 0; n < 50_000; n++) {
            String text;
            if (n % 2 == 0) {
                text = String.format(random.nextBoolean() ? "%d/%d/%d" : "%d-%02d-%02d", random.nextInt(40), random.nextInt(15),
                        random.nextInt(3000));
                if (text.startsWith("1") && random.nextBoolean()) {
                    text = String.format("%04d-%02d-%02d", random.nextInt(2100), random.nextInt(14), random.nextInt(33));
                }
            } else {
                text = randomText(random, alphabet, random.nextInt(13));
            }
            LocalDate expected = null;
            for (java.time.format.DateTimeFormatter formatter : reference) {
                try {
                    expected = LocalDate.parse(text.strip(), formatter);
                    break;
                } catch (java.time.format.DateTimeParseException ignored) {
                    // next
                }
            }
            String input = text;
            assertThat(orNullIfRefused(() -> parser.parse(input))).as("'%s'", text).isEqualTo(expected);
        }
    }

    @Test
    void testTheNumberScanGivesWhatBigDecimalGives() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "0123456789,,.- ";
        for (int n = 0; n < 50_000; n++) {
            String text = randomText(random, alphabet, 1 + random.nextInt(17));
            Double expected;
            Long expectedWhole;
            try {
                java.math.BigDecimal value = decimals.toBigDecimal(text);
                expected = value.doubleValue();
                Long whole;
                try {
                    whole = value.stripTrailingZeros().longValueExact();
                } catch (ArithmeticException e) {
                    whole = null;
                }
                expectedWhole = whole;
            } catch (FieldFormatException e) {
                expected = null;
                expectedWhole = null;
            }
            assertThat(orNullIfRefused(() -> decimals.parse(text))).as("'%s'", text).isEqualTo(expected);
            assertThat(orNullIfRefused(() -> integers.parseLong(text))).as("whole '%s'", text).isEqualTo(expectedWhole);
        }
    }

    @Test
    void testCodesStrippedOfLeadingZerosAreRepaired() {
        assertThat(Codes.padDigits("1001", 5)).isEqualTo("01001");
        assertThat(Codes.padDigits("10780054", 9)).isEqualTo("010780054");
        assertThat(Codes.padDigits("2A004", 5)).isEqualTo("2A004");
        assertThat(Codes.padDigits("1", 2)).isEqualTo("01");
        assertThat(Codes.isValidFiness("690780648")).isTrue();
        assertThat(Codes.isValidFiness("2A0000012")).isTrue();
        assertThat(Codes.isValidFiness("69078064")).isFalse();
        assertThat(Codes.isValidCommune("2B033")).isTrue();
        assertThat(Codes.isValidDepartement("01")).isTrue();
        assertThat(Codes.isValidDepartement("20")).isFalse();
        assertThat(Codes.isValidDepartement("974")).isTrue();
        assertThat(Codes.isValidDepartement("1")).isFalse();
    }

    /** What a parser returns, or null when it refuses the text. */
    private static <T> T orNullIfRefused(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (FieldFormatException e) {
            return null;
        }
    }

    /** {@code length} characters drawn from {@code alphabet}. */
    private static String randomText(java.util.Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = length; i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
