package fr.pairobs.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.lake.ByteRange;

import static java.util.Objects.requireNonNull;

/**
 * Cuts a large CSV export into byte ranges that start on a record, so that its parts can be ingested
 * at once on several cores. One pass over the bytes follows the quoting as Commons CSV reads it
 * (a quote opens a quoted value only at the start of a field, a doubled quote inside is one quote), so
 * a line break inside a quoted value is never taken for the end of a record; it also counts the
 * physical lines before each cut, so that every range reports the file's own line numbers.
 * A file in an encoding where a line break is not one ASCII byte, a FINESS extract, or a file smaller
 * than two ranges is one range.
 */
public final class FileRanges {
    private static final int BLOCK = 1 << 20;

    private FileRanges() {
    }

    /**
     * The ranges of {@code file}: about {@code size / targetBytes} of them, each ending at the first record
     * boundary after its share of the bytes; one range when the file cannot or need not be cut.
     */
    public static List<ByteRange> split(Path file, FeedSpec.Dialect dialect, long targetBytes) throws IOException {
        return split(file, dialect, targetBytes, 1);
    }

    /**
     * @param multipleOf the count of ranges is rounded up to a multiple of this (the threads that read them), so
     *        that the last ranges of a file do not leave threads idle
     */
    public static List<ByteRange> split(Path file, FeedSpec.Dialect dialect, long targetBytes, int multipleOf) throws IOException {
        return split(file, dialect, targetBytes, multipleOf, CsvSourceReader.DEFAULT_MAX_LINE_CHARS);
    }

    /**
     * @param maxRecordChars the reader's record limit ({@code pairobs.ingest.max-line-chars}): once a record is
     *        certainly longer (a quote left open), nothing after it is cut. The rest of the file is one range, whose
     *        reader fails at the limit naming the line where the quote opened, as a whole read does; the scan
     *        stops there instead of reading a runaway file to its end.
     */
    public static List<ByteRange> split(Path file, FeedSpec.Dialect dialect, long targetBytes, int multipleOf, long maxRecordChars)
            throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(dialect, "dialect is null");
        long size = Files.size(file);
        int wanted = targetBytes <= 0 ? 1 : (int) Math.min(1024, size / targetBytes);
        if (wanted >= 2 && multipleOf > 1 && wanted % multipleOf != 0) {
            wanted = Math.min(1024, (wanted / multipleOf + 1) * multipleOf);
        }
        if (wanted < 2 || !splittable(dialect)) {
            return List.of(ByteRange.whole(size));
        }
        // a character is one byte in the single-byte charsets, at most three in UTF-8 (four for two chars)
        long maxRecordBytes = maxRecordChars * (Charset.forName(dialect.encoding()).name().equals("UTF-8") ? 3 : 1);
        long recordBytes = 0;
        boolean quoting = !dialect.quote().isEmpty();
        byte quote = quoting ? (byte) dialect.quote().charAt(0) : 0;
        byte delimiter = (byte) dialect.delimiter().charAt(0);
        List<long[]> cuts = new ArrayList<>(); // {offset, linesBefore}
        long nextTarget = size / wanted;
        long lines = 0;
        boolean inQuotes = false;
        boolean quotePending = false; // a quote seen inside a quoted value: doubled, or the end of the value
        boolean fieldStart = true;
        boolean afterCr = false;
        // whether the line being read holds anything: a range never starts after a blank line, where the whole
        // file's reader, which skips blank lines as part of the next record, would number the record otherwise
        boolean lineHasContent = false;
        boolean headerRead = false;
        // bytes that can change the state: anything else only makes the line and the field non-empty
        boolean[] special = new boolean[256];
        special['\n'] = true;
        special['\r'] = true;
        special[delimiter & 0xFF] = true;
        if (quoting) {
            special[quote & 0xFF] = true;
        }
        ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    break;
                }
                byte[] bytes = buffer.array();
                for (int i = 0; i < read; i++) {
                    byte b = bytes[i];
                    if (!quotePending && !special[b & 0xFF]) {
                        // a run of ordinary bytes, skipped at once
                        int j = i + 1;
                        while (j < read && !special[bytes[j] & 0xFF]) {
                            j++;
                        }
                        afterCr = false;
                        lineHasContent = true;
                        if (!inQuotes) {
                            fieldStart = false;
                        }
                        recordBytes += j - i;
                        if (recordBytes > maxRecordBytes) {
                            return ranges(cuts, size);
                        }
                        i = j - 1;
                        continue;
                    }
                    if (++recordBytes > maxRecordBytes) {
                        return ranges(cuts, size);
                    }
                    long offset = position + i;
                    // physical lines as Commons CSV counts them: CR, LF or CR LF each end one
                    if (b == '\n') {
                        if (!afterCr) {
                            lines++;
                        }
                    } else if (b == '\r') {
                        lines++;
                    }
                    afterCr = b == '\r';
                    if (quotePending) {
                        quotePending = false;
                        if (b == quote) {
                            continue; // a doubled quote: still inside the value
                        }
                        inQuotes = false;
                    }
                    if (inQuotes) {
                        if (b == quote) {
                            quotePending = true;
                        }
                        lineHasContent = true;
                        continue;
                    }
                    if (b == delimiter) {
                        fieldStart = true;
                        lineHasContent = true;
                    } else if (b == '\n' || b == '\r') {
                        fieldStart = true;
                        // a record ends here; cut after CR LF as one break, never between its two bytes
                        boolean crLfAhead = b == '\r' && peekLf(channel, bytes, i, read, offset);
                        if (crLfAhead) {
                            continue;
                        }
                        boolean recordEnds = lineHasContent;
                        lineHasContent = false;
                        recordBytes = 0;
                        if (recordEnds && !headerRead) {
                            // never cut after the header line: the first range would hold no rows, which its reader
                            // takes for a file without data
                            headerRead = true;
                        } else if (recordEnds && offset + 1 >= nextTarget && offset + 1 < size) {
                            cuts.add(new long[] {offset + 1, lines});
                            nextTarget = (size / wanted) * (cuts.size() + 1);
                            if (cuts.size() == wanted - 1) {
                                return ranges(cuts, size);
                            }
                        }
                    } else if (quoting && b == quote && fieldStart) {
                        inQuotes = true;
                        fieldStart = false;
                        lineHasContent = true;
                    } else {
                        fieldStart = false;
                        lineHasContent = true;
                    }
                }
                position += read;
            }
        }
        return ranges(cuts, size);
    }

    private static boolean peekLf(FileChannel channel, byte[] bytes, int i, int read, long offset) throws IOException {
        if (i + 1 < read) {
            return bytes[i + 1] == '\n';
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        return channel.read(one, offset + 1) == 1 && one.get(0) == '\n';
    }

    private static List<ByteRange> ranges(List<long[]> cuts, long size) {
        int count = cuts.size() + 1;
        List<ByteRange> ranges = new ArrayList<>(count);
        long start = 0;
        long linesBefore = 0;
        for (int i = 0; i < count; i++) {
            long end = i < cuts.size() ? cuts.get(i)[0] : size;
            ranges.add(new ByteRange(i, count, start, end, linesBefore));
            if (i < cuts.size()) {
                start = end;
                linesBefore = cuts.get(i)[1];
            }
        }
        return List.copyOf(ranges);
    }

    /** Plain CSV in an encoding where the delimiter, the quote and line breaks are single ASCII bytes. */
    static boolean splittable(FeedSpec.Dialect dialect) {
        if (!"csv".equals(dialect.format())) {
            return false;
        }
        if (dialect.delimiter().length() != 1 || dialect.delimiter().charAt(0) > 0x7F || dialect.quote().length() > 1 || !dialect.quote().isEmpty() && dialect.quote().charAt(0) > 0x7F) {
            return false;
        }
        String name = Charset.forName(dialect.encoding()).name().toUpperCase(Locale.ROOT);
        return name.equals("UTF-8") || name.equals("US-ASCII") || name.startsWith("ISO-8859-") || name.startsWith("WINDOWS-125");
    }

}
