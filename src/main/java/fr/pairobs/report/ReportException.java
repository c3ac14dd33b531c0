package fr.pairobs.report;

/** The report could not be built: the message names the release, file or table and what to do. */
public final class ReportException extends RuntimeException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
