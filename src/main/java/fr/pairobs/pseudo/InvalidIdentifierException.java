package fr.pairobs.pseudo;

/** An identifier (NIR) is malformed. The message says what is wrong and never contains the identifier. */
public final class InvalidIdentifierException extends RuntimeException {
    public InvalidIdentifierException(String message) {
        super(message, null, false, false);
    }
}
