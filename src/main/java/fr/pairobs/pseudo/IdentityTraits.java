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

    static String normalize(String name) {
        String upper = name.toUpperCase(Locale.ROOT).replace("Œ", "OE").replace("Æ", "AE").replace("ß", "SS").replace("ẞ", "SS");
        // plain ASCII letters, the common case, need neither decomposition nor pattern matching
        if (upper.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            return upper;
        }
        String decomposed = MARKS.matcher(Normalizer.normalize(upper, Normalizer.Form.NFD)).replaceAll("");
        return SEPARATORS.matcher(decomposed).replaceAll("");
    }

    @Override
    public String toString() {
        return "IdentityTraits[***]";
    }
}
