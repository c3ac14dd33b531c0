package fr.pairobs.ingest.parse;

import java.util.TreeSet;

/**
 * What a value looks like without what it is: its length and the kinds of characters in it
 * ("15 digits", "12 characters: letters and digits", "10 characters: digits and '/'"). Messages
 * and rejects of person-level data describe a bad value this way, because the value may be a
 * NIR, a name or a birth date that slid into the wrong column.
 */
public final class ValueShape {
    private ValueShape() {
    }

    public static String describe(String value) {
        if (value == null || value.isEmpty()) {
            return "an empty value";
        }
        int length = value.length();
        boolean digits = false;
        boolean letters = false;
        boolean spaces = false;
        boolean controls = false;
        boolean others = false;
        TreeSet<Character> punctuation = new TreeSet<>();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (Character.isLetter(c)) {
                letters = true;
            } else if (Character.isSpaceChar(c) || c == '\t') {
                spaces = true;
            } else if (Character.isISOControl(c)) {
                controls = true;
            } else if (c < 0x7F && punctuation.size() < 4) {
                // ASCII punctuation says which separators a date or number used, and nothing about a person
                punctuation.add(c);
            } else {
                others = true;
            }
        }
        String count = length + (length == 1 ? " character" : " characters");
        if (digits && !letters && !spaces && !controls && !others && punctuation.isEmpty()) {
            return length + (length == 1 ? " digit" : " digits");
        }
        if (letters && !digits && !spaces && !controls && !others && punctuation.isEmpty()) {
            return length + (length == 1 ? " letter" : " letters");
        }
        StringBuilder kinds = new StringBuilder();
        append(kinds, letters, "letters");
        append(kinds, digits, "digits");
        append(kinds, spaces, "spaces");
        append(kinds, controls, "control characters");
        for (char c : punctuation) {
            append(kinds, true, "'" + c + "'");
        }
        append(kinds, others, "other symbols");
        int last = kinds.lastIndexOf(", ");
        if (last >= 0) {
            kinds.replace(last, last + 2, " and ");
        }
        return count + ": " + kinds;
    }

    private static void append(StringBuilder kinds, boolean present, String kind) {
        if (present) {
            if (!kinds.isEmpty()) {
                kinds.append(", ");
            }
            kinds.append(kind);
        }
    }
}
