package fr.pairobs.ingest;

/**
 * A partner file cannot be read as its feed spec says (encoding, delimiter, missing column,
 * broken quoting). Fails the ingest step; the message names the file, line and column.
 */
public final class SourceFileException extends RuntimeException {
    public SourceFileException(String message) {
        super(message);
    }

    public SourceFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
