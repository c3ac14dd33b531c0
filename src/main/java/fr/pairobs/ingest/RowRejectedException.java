package fr.pairobs.ingest;

import static java.util.Objects.requireNonNull;

/**
 * One row breaks a rule of its dataset: it goes to the rejects and is counted as skipped.
 * The reason never contains an identifying value.
 */
public final class RowRejectedException extends RuntimeException {
    private final long line;
    private final String column;
    private final String field;
    private final String reason;

    public RowRejectedException(long line, String column, String field, String reason) {
        super("line " + line + ", column '" + column + "': " + reason, null, false, false);
        this.line = line;
        this.column = requireNonNull(column, "column is null");
        this.field = requireNonNull(field, "field is null");
        this.reason = requireNonNull(reason, "reason is null");
    }

    public long line() {
        return line;
    }

    /** The partner's column name. */
    public String column() {
        return column;
    }

    /** The canonical field. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
