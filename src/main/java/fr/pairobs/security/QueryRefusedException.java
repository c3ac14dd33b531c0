package fr.pairobs.security;

/** A query the sandbox does not run; the message is one line saying why (an evaluator's error, not an internal one). */
public final class QueryRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(message);
    }
}
