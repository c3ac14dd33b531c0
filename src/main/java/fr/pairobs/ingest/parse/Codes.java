package fr.pairobs.ingest.parse;

import java.util.regex.Pattern;

/** French administrative codes (COG, FINESS) kept as text, repaired when spreadsheets stripped their zeros. */
public final class Codes {
    private static final Pattern FINESS = Pattern.compile("(\\d{2}|2[AB])\\d{7}");
    private static final Pattern COMMUNE = Pattern.compile("(\\d{2}|2[AB])\\d{3}");
    private static final Pattern DEPARTEMENT = Pattern.compile("0[1-9]|1\\d|2[1-9]|[3-8]\\d|9[0-5]|2[AB]|97[1-6]");

    private Codes() {
    }

    /** Left-pads an all-digit value with zeros to {@code width}; anything else is returned as is. */
    public static String padDigits(String value, int width) {
        if (value.isEmpty() || value.length() >= width || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return value;
        }
        return "0".repeat(width - value.length()) + value;
    }

    public static boolean isValidFiness(String value) {
        return FINESS.matcher(value).matches();
    }

    public static boolean isValidCommune(String value) {
        return COMMUNE.matcher(value).matches();
    }

    public static boolean isValidDepartement(String value) {
        return DEPARTEMENT.matcher(value).matches();
    }
}
