package fr.pairobs.feed;

/** A feed, dataset or partner spec is wrong; the message names the file and what to fix. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
