package fr.pairobs.pseudo;

import java.util.Locale;

/**
 * A French social-security number (NIR, 15 characters): sex, birth year and month, département
 * (2A/2B for Corsica), commune, order number and a 2-digit key = 97 − (first 13 digits mod 97),
 * where 2A counts as 19 and 2B as 18. Only numbers of people born or registered (sex 1 or 2) are
 * accepted; temporary numbers are refused. Never printed.
 */
public final class Nir {
    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s.\\-]");
    private final String value;

    private Nir(String value) {
        this.value = value;
    }

    public static Nir parse(String raw) {
        String v = (raw.length() == 15 ? raw : SEPARATORS.matcher(raw).replaceAll("")).toUpperCase(Locale.ROOT);
        if (v.length() != 15) {
            throw new InvalidIdentifierException("NIR must have 15 characters, found " + v.length());
        }
        char sex = v.charAt(0);
        if (sex != '1' && sex != '2') {
            throw new InvalidIdentifierException("NIR must start with 1 or 2 (sex)");
        }
        if (!digits(v, 1, 5)) {
            throw new InvalidIdentifierException("NIR birth year and month must be digits");
        }
        int month = Integer.parseInt(v.substring(3, 5));
        if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) {
            throw new InvalidIdentifierException("NIR birth month " + month + " is not valid");
        }
        String dept = v.substring(5, 7);
        if (!(digits(v, 5, 7) || dept.equals("2A") || dept.equals("2B"))) {
            throw new InvalidIdentifierException("NIR département must be two digits, 2A or 2B");
        }
        if (!digits(v, 7, 15)) {
            throw new InvalidIdentifierException("NIR commune, order and key must be digits");
        }
        String numeric = v.substring(0, 5) + (dept.equals("2A") ? "19" : dept.equals("2B") ? "18" : dept) + v.substring(7, 13);
        long expectedKey = 97 - (Long.parseLong(numeric) % 97);
        if (expectedKey != Long.parseLong(v.substring(13, 15))) {
            throw new InvalidIdentifierException("NIR key does not match (expected key computed from the first 13 characters)");
        }
        return new Nir(v);
    }

    /** "M" or "F". */
    public String sex() {
        return value.charAt(0) == '1' ? "M" : "F";
    }

    public int birthYearTwoDigits() {
        return Integer.parseInt(value.substring(1, 3));
    }

    /** The NIR gives two digits: a year after {@code referenceYear}'s is taken as last century. */
    public int birthYear(int referenceYear) {
        int yy = birthYearTwoDigits();
        return yy > referenceYear % 100 ? 1900 + yy : 2000 + yy;
    }

    /** The 13 identifying characters, without the key. */
    public String thirteen() {
        return value.substring(0, 13);
    }

    @Override
    public String toString() {
        return "Nir[***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nir other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
