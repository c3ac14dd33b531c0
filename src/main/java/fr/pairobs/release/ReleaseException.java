package fr.pairobs.release;

/** A release that cannot be built, audited, published or verified, with what to do. */
public final class ReleaseException extends RuntimeException {
    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
