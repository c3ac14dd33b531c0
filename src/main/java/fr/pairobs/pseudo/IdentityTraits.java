package fr.pairobs.pseudo;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Identity traits of a person without a NIR. Never printed; only their normalized form is
 * pseudonymized: {@code LASTNAMEFIRSTNAME|yyyy-MM-dd|sex}, upper case, accents, spaces, hyphens and
 * apostrophes removed (Œ→OE, Æ→AE, ß→SS), e.g. {@code DUPONTMARIE|1980-02-03|F}.
 */
public record IdentityTraits(String lastName, String firstName, LocalDate birthDate, String sex) {
    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}");
    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s\\-'’.]");

    public IdentityTraits {
        requireNonNull(lastName, "lastName is null");
        requireNonNull(firstName, "firstName is null");
        requireNonNull(birthDate, "birthDate is null");
        requireNonNull(sex, "sex is null");
    }

    public String normalized() {
        return normalize(lastName) + normalize(firstName) + "|" + birthDate + "|" + sex.toUpperCase(Locale.ROOT);
    }

    /** The normalized form of each Latin-1 character, computed once by {@link #normalizeFully}. */
    private static final String[] LATIN1 = new String[256];

    static {
        for (char c = 0; c < LATIN1.length; c++) {
            LATIN1[c] = normalizeFully(String.valueOf(c));
        }
    }

    static String normalize(String name) {
        // names in Latin-1 (French names, accents included), the common case, are normalized character by
        // character from a table; the rules are applied to a name as a whole only when it has other characters
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= LATIN1.length) {
                return normalizeFully(name);
            }
            if (c >= 'A' && c <= 'Z' && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(name.length() + 4).append(name, 0, i);
            }
            out.append(LATIN1[c]);
        }
        return out == null ? name : out.toString();
    }

    static String normalizeFully(String name) {
        String upper = name.toUpperCase(Locale.ROOT).replace("Œ", "OE").replace("Æ", "AE").replace("ß", "SS").replace("ẞ", "SS");
        String decomposed = MARKS.matcher(Normalizer.normalize(upper, Normalizer.Form.NFD)).replaceAll("");
        return SEPARATORS.matcher(decomposed).replaceAll("");
    }

    @Override
    public String toString() {
        return "IdentityTraits[***]";
    }
}
