package fr.pairobs.ingest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Refuses a physical line longer than a limit while streaming, so that a file with a runaway field
 * (a missing closing quote, a binary file) is rejected without being read whole into memory.
 */
final class LineLengthLimit extends FilterReader {
    private final long maxChars;
    private long line = 1;
    private long length;

    LineLengthLimit(Reader in, long maxChars) {
        super(in);
        this.maxChars = maxChars;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int len) throws IOException {
        int n = super.read(buffer, offset, len);
        for (int i = 0; i < n; i++) {
            count(buffer[offset + i]);
        }
        return n;
    }

    private void count(char c) throws IOException {
        if (c == '\n') {
            line++;
            length = 0;
        } else if (++length > maxChars) {
            throw new LineTooLongException(line, maxChars);
        }
    }

    /** The line and limit are in the message; the line's content is not. */
    static final class LineTooLongException extends IOException {
        private final long line;

        LineTooLongException(long line, long maxChars) {
            super("line " + line + " is longer than " + maxChars + " characters (pairobs.ingest.max-line-chars)");
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
