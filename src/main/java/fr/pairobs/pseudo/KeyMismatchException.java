package fr.pairobs.pseudo;

/** The key given does not match the key the lake's pseudonyms were written with; the message says what to do. */
public final class KeyMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public KeyMismatchException(String message) {
        super(message);
    }
}
