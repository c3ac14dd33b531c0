package fr.pairobs.ingest.parse;

/** A value does not have the expected format; the caller adds the file, line and column. */
public final class FieldFormatException extends RuntimeException {
    public FieldFormatException(String message) {
        super(message, null, false, false);
    }
}
