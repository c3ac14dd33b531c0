package fr.pairobs.ingest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Refuses a record longer than a limit while streaming, so that a file with a runaway field (a missing
 * closing quote, a binary file) is rejected without being read whole into memory. The limit holds for the
 * whole record: it follows the quoting as Commons CSV reads it (a quote opens a quoted value only at the
 * start of a field, a doubled quote inside is one quote), so line breaks inside a quoted value do not reset
 * it, and a quote left open is reported at the line and column where it opened. It also numbers lines and
 * columns as the parser does (CR, LF or CR LF end a line), which gives a byte the charset cannot decode
 * ({@link StrictDecoder}) its line and column. Messages carry positions, never the text.
 */
final class LineLengthLimit extends FilterReader {
    private final long maxChars;
    private final char delimiter;
    private final int quote;
    private long line;
    private long column;
    private long recordLength;
    private boolean afterCr;
    private boolean inQuotes;
    private boolean quotePending;
    private boolean fieldStart = true;
    private long quoteLine;
    private long quoteColumn;

    /** Counts lines from 1, without quoting: for a reader that only needs the limit. */
    LineLengthLimit(Reader in, long maxChars) {
        this(in, maxChars, 0, '\u0000', -1);
    }

    /**
     * @param linesBefore physical lines of the file before this reader's first character (a range's start)
     * @param quote the dialect's quote character, or -1 when values are never quoted
     */
    LineLengthLimit(Reader in, long maxChars, long linesBefore, char delimiter, int quote) {
        super(in);
        this.maxChars = maxChars;
        this.line = linesBefore + 1;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int len) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, len);
        } catch (StrictDecoder.UndecodableInputException e) {
            // every character before the bad bytes has been counted: the next column is where they are
            throw new UndecodableBytesException(line, column + 1, e.charset());
        }
        if (n < 0) {
            if (inQuotes && !quotePending) {
                throw new UnclosedQuoteException(quoteLine, quoteColumn);
            }
            return n;
        }
        for (int i = offset, end = offset + n; i < end; i++) {
            count(buffer[i]);
        }
        return n;
    }

    private void count(char c) throws IOException {
        boolean lineBreak = c == '\n' || c == '\r';
        if (lineBreak) {
            if (!(c == '\n' && afterCr)) {
                line++;
            }
            column = 0;
        } else {
            column++;
        }
        afterCr = c == '\r';
        if (quotePending) {
            quotePending = false;
            if (c == quote) {
                recordLength++;
                return; // a doubled quote: still inside the value
            }
            inQuotes = false;
        }
        if (inQuotes) {
            if (c == quote) {
                quotePending = true;
            }
        } else if (lineBreak) {
            recordLength = 0;
            fieldStart = true;
            return;
        } else if (c == delimiter) {
            fieldStart = true;
        } else if (c == quote && fieldStart) {
            inQuotes = true;
            quoteLine = line;
            quoteColumn = column;
            fieldStart = false;
        } else {
            fieldStart = false;
        }
        if (++recordLength > maxChars) {
            throw inQuotes ? new UnclosedQuoteException(quoteLine, quoteColumn, maxChars) : new LineTooLongException(line, maxChars);
        }
    }

    /** A file error at a place in the file: the message gives the line (and column), never the content. */
    abstract static sealed class PositionedException extends IOException
            permits LineTooLongException, UnclosedQuoteException, UndecodableBytesException {
        private final long line;

        PositionedException(long line, String message) {
            super(message);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    /** The line and limit are in the message; the line's content is not. */
    static final class LineTooLongException extends PositionedException {
        LineTooLongException(long line, long maxChars) {
            super(line, "line " + line + " is longer than " + maxChars + " characters (pairobs.ingest.max-line-chars)");
        }
    }

    /** A quoted value that never closes, within the record limit or before the end of the file. */
    static final class UnclosedQuoteException extends PositionedException {
        UnclosedQuoteException(long line, long column, long maxChars) {
            super(line, "line " + line + ", column " + column + ": the quoted value opened here is still open after " + maxChars
                    + " characters (pairobs.ingest.max-line-chars): its closing quote is missing");
        }

        UnclosedQuoteException(long line, long column) {
            super(line, "line " + line + ", column " + column + ": the quoted value opened here is never closed (the file "
                    + "ends inside it): its closing quote is missing");
        }
    }

    static final class UndecodableBytesException extends PositionedException {
        UndecodableBytesException(long line, long column, String charset) {
            super(line, "line " + line + ", column " + column + ": bytes that are not valid " + charset
                    + " (is the file in another encoding? dialect.encoding says " + charset + ")");
        }
    }
}
