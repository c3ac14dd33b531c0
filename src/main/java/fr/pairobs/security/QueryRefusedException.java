package fr.pairobs.security;

/**
 * A query the sandbox does not run; the message is one line saying why (an evaluator's error, not an
 * internal one). It may name a statement keyword, a built-in function or a catalog name and give a
 * line and column, but never quotes the query or a file: the text may be a file's content.
 */
public final class QueryRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(message);
    }
}
