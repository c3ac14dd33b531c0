package fr.pairobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes in a charset that reports, never replaces, what it cannot decode (a byte that Windows-1252
 * leaves undefined, a broken UTF-8 sequence). Unlike {@link java.io.InputStreamReader}, which drops the
 * characters decoded before the bad bytes, it hands them out first and fails on the next read, so that
 * {@link LineLengthLimit} knows the line and column of the bad bytes.
 */
final class StrictDecoder extends Reader {
    private static final int BUFFER = 8192;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    private boolean eof;
    private boolean flushed;
    private UndecodableInputException pending;

    StrictDecoder(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    private boolean fill() throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (flushed) {
            return false; // the decoder is done; decoding again would be an illegal state
        }
        chars.clear();
        try {
            while (true) {
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    pending = new UndecodableInputException(decoder.charset().name());
                    break;
                }
                if (result.isOverflow()) {
                    break;
                }
                if (eof) {
                    if (!flushed) {
                        decoder.flush(chars);
                        flushed = true;
                    }
                    break;
                }
                if (chars.position() > 0) {
                    break;
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
        } finally {
            chars.flip();
        }
        if (!chars.hasRemaining()) {
            if (pending != null) {
                throw pending;
            }
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Bytes the charset cannot decode; {@link LineLengthLimit} adds where they are. */
    static final class UndecodableInputException extends IOException {
        private final String charset;

        UndecodableInputException(String charset) {
            super("bytes that are not valid " + charset);
            this.charset = charset;
        }

        String charset() {
            return charset;
        }
    }
}
