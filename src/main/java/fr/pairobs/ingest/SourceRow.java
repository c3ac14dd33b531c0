package fr.pairobs.ingest;

import static java.util.Objects.requireNonNull;

/** One data record of a partner file, as text, with the physical line it starts on. */
public record SourceRow(SourceHeader header, long line, String[] values) {
    public SourceRow {
        requireNonNull(header, "header is null");
        requireNonNull(values, "values is null");
    }

    /** The trimmed value of a column, or null when the column is absent from this row or blank. */
    public String value(int index) {
        if (index < 0 || index >= values.length) {
            return null;
        }
        String value = values[index].strip();
        return value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        // rows carry identifying values: never print them
        return "SourceRow[line=" + line + ", " + values.length + " values]";
    }
}
