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
        int month = (v.charAt(3) - '0') * 10 + (v.charAt(4) - '0');
        if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) {
            // the month itself is not given: with the year and département it narrows down who the person is
            throw new InvalidIdentifierException("NIR birth month (characters 4 and 5) is not a valid month");
        }
        char d1 = v.charAt(5);
        char d2 = v.charAt(6);
        boolean corsica = d1 == '2' && (d2 == 'A' || d2 == 'B');
        if (!(digits(v, 5, 7) || corsica)) {
            throw new InvalidIdentifierException("NIR département must be two digits, 2A or 2B");
        }
        if (!digits(v, 7, 15)) {
            throw new InvalidIdentifierException("NIR commune, order and key must be digits");
        }
        // the first 13 characters as a number, 2A counting as 19 and 2B as 18
        long numeric = 0;
        for (int i = 0; i < 13; i++) {
            char c = v.charAt(i);
            int digit = i == 5 && corsica ? 1 : i == 6 && corsica ? (c == 'A' ? 9 : 8) : c - '0';
            numeric = numeric * 10 + digit;
        }
        long expectedKey = 97 - (numeric % 97);
        long key = (v.charAt(13) - '0') * 10L + (v.charAt(14) - '0');
        if (expectedKey != key) {
            throw new InvalidIdentifierException("NIR key does not match (expected key computed from the first 13 characters)");
        }
        return new Nir(v);
    }

    /**
     * Whether {@code text} is a NIR (15 characters once spaces, dots and dashes are removed, shape and
     * key checked): used to refuse a NIR that turns up in a column that should not hold one. Most values
     * are told apart by their length or first character alone.
     */
    public static boolean isNir(String text) {
        int length = text.length();
        if (length < 15 || length > 25 || (text.charAt(0) != '1' && text.charAt(0) != '2')) {
            return false;
        }
        if (length > 15) {
            // a scan before the pattern that strips separators: free text of this length is rarely 15 characters once
            // spaces, dots and dashes are left out
            int kept = 0;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                boolean separator = c == ' ' || c == '.' || c == '-' || (c >= '\t' && c <= '\r'); // as SEPARATORS
                if (!separator) {
                    kept++;
                }
            }
            if (kept != 15) {
                return false;
            }
        }
        try {
            parse(text);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** "M" or "F". */
    public String sex() {
        return value.charAt(0) == '1' ? "M" : "F";
    }

    public int birthYearTwoDigits() {
        return (value.charAt(1) - '0') * 10 + (value.charAt(2) - '0');
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
