package fr.pairobs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column mapping built from several partner columns, e.g. {@code "{departement}{commune}"} for a
 * COG commune code that a source splits in two.
 */
record Template(List<String> parts, List<String> columns) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

    static boolean isTemplate(String mapping) {
        return PLACEHOLDER.matcher(mapping).find();
    }

    static Template parse(String mapping) {
        List<String> parts = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(mapping);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(mapping.substring(last, m.start()));
            }
            parts.add("{" + m.group(1) + "}");
            columns.add(m.group(1));
            last = m.end();
        }
        if (last < mapping.length()) {
            parts.add(mapping.substring(last));
        }
        return new Template(List.copyOf(parts), List.copyOf(columns));
    }

    /** Which column (index into {@link #columns()}) a placeholder part stands for. */
    int columnIndexOfPart(int part) {
        int column = -1;
        for (int i = 0; i <= part; i++) {
            if (parts.get(i).startsWith("{")) {
                column++;
            }
        }
        return column;
    }
}
