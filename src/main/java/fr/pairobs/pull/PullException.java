package fr.pairobs.pull;

/** A partner export could not be pulled; the message names the source and what went wrong. */
public final class PullException extends RuntimeException {
    public PullException(String message) {
        super(message);
    }

    public PullException(String message, Throwable cause) {
        super(message, cause);
    }
}
