package fr.pairobs.security;

/**
 * A read query that DuckDB could not run (a syntax error, an unknown column, a bad cast), told in one
 * line with its category and the line and column, never with DuckDB's own message: that quotes the
 * query, and the query may be the content of a file.
 */
public final class QueryFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message) {
        super(message);
    }
}
