package fr.pairobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

import fr.pairobs.lake.ByteRange;
import fr.pairobs.feed.FeedSpec;

import static java.util.Objects.requireNonNull;

/**
 * Reads a landed partner file with Apache Commons CSV in the feed's dialect. Restartable: the
 * position is the count of records read, saved at each commit. Malformed input fails the
 * step with the file, line and what is wrong; bad values are left to the normalizer.
 */
public final class CsvSourceReader extends AbstractItemCountingItemStreamItemReader<SourceRow> {
    private final Path file;
    private final String displayName;
    private final FeedSpec.Dialect dialect;
    private final List<String> expectedColumns;
    private final long maxLineChars;

    /** Fields of a {@code structureet} line of the public FINESS establishment extract, in order. */
    public static final List<String> FINESS_FIELDS = List.of("structureet", "nofinesset", "nofinessej", "rs", "rslongue",
            "complrs", "compldistrib", "numvoie", "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement",
            "libdepartement", "ligneacheminement", "telephone", "telecopie", "categetab", "libcategetab", "categagretab",
            "libcategagretab", "siret", "codeape", "codemft", "libmft", "codesph", "libsph", "dateouv", "dateautor", "datemaj",
            "numuai");

    private final ByteRange range;
    private long linesBefore;
    private CSVParser parser;
    private org.apache.commons.io.input.BoundedInputStream counted;
    private long bytesTotal = -1;
    private boolean finessExtract;
    private Iterator<CSVRecord> records;
    private SourceHeader header;
    private long lastLine;

    /**
     * @param displayName how the file is named in messages (the partner's original file name)
     * @param expectedColumns partner columns the feed spec maps; a missing one fails the file
     */
    public CsvSourceReader(Path file, String displayName, FeedSpec.Dialect dialect, List<String> expectedColumns) {
        this(file, displayName, dialect, expectedColumns, DEFAULT_MAX_LINE_CHARS);
    }

    public static final long DEFAULT_MAX_LINE_CHARS = 1_000_000;

    /** @param maxLineChars longest physical line accepted; a longer one fails the file without being buffered */
    public CsvSourceReader(Path file, String displayName, FeedSpec.Dialect dialect, List<String> expectedColumns,
            long maxLineChars) {
        this(file, displayName, dialect, expectedColumns, maxLineChars, null);
    }

    /**
     * @param range the part of the file to read (from {@link FileRanges#split}); null for the whole file. A range
     *        after the first takes the header from the file's first line and numbers lines as the file does
     */
    public CsvSourceReader(Path file, String displayName, FeedSpec.Dialect dialect, List<String> expectedColumns,
            long maxLineChars, ByteRange range) {
        this.range = range;
        this.maxLineChars = maxLineChars;
        this.file = requireNonNull(file, "file is null");
        this.displayName = requireNonNull(displayName, "displayName is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.expectedColumns = List.copyOf(expectedColumns);
        setName("csv-source");
    }

    /** Data rows handed out so far (the header line not counted). */
    public long rowsRead() {
        return Math.max(0, getCurrentItemCount() - 1);
    }

    /** Bytes of the file read so far (ahead of {@link #rowsRead} by the reader's buffer). */
    public long bytesRead() {
        return counted == null ? 0 : Math.min(counted.getCount(), bytesTotal);
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    public SourceHeader header() {
        return header;
    }

    @Override
    public void open(org.springframework.batch.infrastructure.item.ExecutionContext executionContext) {
        try {
            super.open(executionContext);
        } catch (org.springframework.batch.infrastructure.item.ItemStreamException e) {
            // the step's failure message must be ours (file, line, what is wrong), not the generic wrapper
            if (e.getCause() instanceof SourceFileException sourceFileException) {
                throw sourceFileException;
            }
            throw e;
        }
    }

    private Reader openReader(long start, long end, long linesBefore) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            raw.skipNBytes(start);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        counted = org.apache.commons.io.input.BoundedInputStream.builder().setInputStream(raw).setMaxCount(end - start).get();
        // a byte-order mark can only open the file, not a later range
        InputStream in = start == 0 ? BOMInputStream.builder().setInputStream(counted).get() : counted;
        return new LineLengthLimit(new StrictDecoder(in, Charset.forName(dialect.encoding())), maxLineChars, linesBefore,
                dialect.delimiter().charAt(0), dialect.quote().isEmpty() ? -1 : dialect.quote().charAt(0));
    }

    private CSVFormat.Builder format() {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter())
                .setQuote(dialect.quote().isEmpty() ? null : dialect.quote().charAt(0))
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setIgnoreSurroundingSpaces(false);
    }

    @Override
    protected void doOpen() throws Exception {
        long size = Files.size(file);
        ByteRange part = range != null ? range : ByteRange.whole(size);
        if (part.end() > size) {
            throw new SourceFileException(displayName + ": the landed file " + file + " is shorter (" + size + " bytes) than its "
                    + part.label() + " (ending at byte " + part.end() + "): it changed after landing, which the landing area "
                    + "never does; put the partner's file back from its source, or set it aside with 'pairobs discard' and land it again");
        }
        bytesTotal = part.end() - part.start();
        finessExtract = "finess-extract".equals(dialect.format());
        if (!finessExtract && !"csv".equals(dialect.format())) {
            throw new SourceFileException(displayName + ": dialect.format '" + dialect.format() + "' is not known; use csv or finess-extract");
        }
        CSVFormat.Builder builder = format();
        if (finessExtract) {
            builder.setAllowMissingColumnNames(true);
        } else if (part.start() == 0) {
            builder.setHeader().setSkipHeaderRecord(true);
        } else {
            builder.setHeader(headerOfFile().toArray(String[]::new)).setSkipHeaderRecord(false);
        }
        CSVFormat format = builder.get();
        Reader reader = openReader(part.start(), part.end(), part.linesBefore());
        linesBefore = part.linesBefore();
        try {
            parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (UncheckedIOException | IOException e) {
            close(reader);
            throw failure(1, "cannot read the header line", e);
        }
        if (finessExtract) {
            openFinessExtract(reader);
            return;
        }
        List<String> names = parser.getHeaderNames();
        if (names.isEmpty() || names.stream().allMatch(String::isBlank)) {
            close(reader);
            throw new SourceFileException(displayName + ": line 1: the file is empty or has no header line; expected columns "
                    + expectedColumns);
        }
        header = SourceHeader.of(file, displayName, names);
        String problem = headerProblem(names);
        if (problem != null) {
            close(reader);
            throw new SourceFileException(displayName + ": line 1: " + problem);
        }
        lastLine = linesBefore + parser.getCurrentLineNumber();
        records = parser.iterator();
    }

    /**
     * What makes the header line unusable, or null. The names found are never quoted: a file without its
     * header line has a data row there (a NIR, a name, a birth date), so only the feed's own column names,
     * positions and counts are given.
     */
    private String headerProblem(List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String column : expectedColumns) {
            if (header.indexOf(column).isEmpty()) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            long known = names.stream().filter(n -> expectedColumns.stream().anyMatch(c -> SourceHeader.key(c).equals(SourceHeader.key(n))))
                    .count();
            String hint;
            if (names.stream().anyMatch(n -> n.indexOf('\u0000') >= 0)) {
                hint = " (the header is full of NUL characters: the file looks UTF-16, not " + dialect.encoding() + ")";
            } else if (names.size() == 1) {
                hint = " (only one column was found: is the delimiter '" + dialect.delimiter() + "' right?)";
            } else if (known == 0) {
                hint = " (none of them is a column the feed reads: is the header line missing? The names found are not shown,"
                        + " as a data row read as a header would show a person's data)";
            } else {
                hint = "";
            }
            return "missing column(s) " + missing + " required by the feed spec; the header line has " + names.size() + " names, "
                    + known + " of them columns the feed reads" + hint;
        }
        // a name given twice would make the column the feed reads a matter of order; a column without a name
        // cannot be checked against the spec. Trailing unnamed columns (a spreadsheet's last ';') are allowed.
        java.util.Map<String, List<Integer>> positions = new java.util.LinkedHashMap<>();
        int lastNamed = -1;
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).isBlank()) {
                positions.computeIfAbsent(SourceHeader.key(names.get(i)), k -> new ArrayList<>()).add(i + 1);
                lastNamed = i;
            }
        }
        List<String> duplicates = new ArrayList<>();
        positions.forEach((key, at) -> {
            if (at.size() > 1) {
                String known = expectedColumns.stream().filter(c -> SourceHeader.key(c).equals(key)).findFirst()
                        .map(c -> "'" + c + "'").orElse("a name");
                duplicates.add(known + " at positions " + at);
            }
        });
        if (!duplicates.isEmpty()) {
            return "the header line gives the same column name twice: " + String.join(", ", duplicates)
                    + " (names compared ignoring case, accents and spaces); rename or remove the extra column";
        }
        List<Integer> unnamed = new ArrayList<>();
        for (int i = 0; i < lastNamed; i++) {
            if (names.get(i).isBlank()) {
                unnamed.add(i + 1);
            }
        }
        if (!unnamed.isEmpty()) {
            return "the header line has no name for the column(s) at position(s) " + unnamed + " of " + names.size()
                    + "; every column before the last named one needs a name";
        }
        return null;
    }

    /** The header line of the file, for a range that starts further on. */
    private List<String> headerOfFile() throws IOException {
        Reader reader = openReader(0, Files.size(file), 0);
        try (CSVParser headerParser = CSVParser.builder().setReader(reader)
                .setFormat(format().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return headerParser.getHeaderNames();
        } catch (UncheckedIOException | IOException e) {
            close(reader);
            throw failure(1, "cannot read the header line", e);
        }
    }

    private void openFinessExtract(Reader reader) {
        records = parser.iterator();
        CSVRecord first;
        try {
            first = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            close(reader);
            throw failure(1, "cannot read the first line", e);
        }
        if (first == null || !"finess".equalsIgnoreCase(first.get(0).replace("\uFEFF", "").strip())) {
            close(reader);
            throw new SourceFileException(displayName + ": line 1: not a FINESS extract: the first line should be the "
                    + "metadata line 'finess;etalab;...'");
        }
        header = SourceHeader.of(file, displayName, FINESS_FIELDS);
        lastLine = parser.getCurrentLineNumber();
    }

    @Override
    protected SourceRow doRead() {
        if (finessExtract) {
            // structureet lines are the establishments; geolocalisation lines are skipped
            SourceRow row = readRecord();
            while (row != null && !"structureet".equals(row.values()[0])) {
                row = readRecord();
            }
            if (row == null && getCurrentItemCount() <= 1) {
                throw new SourceFileException(displayName + ": line " + (lastLine + 1)
                        + ": the FINESS extract has no structureet line");
            }
            return row;
        }
        return readRecord();
    }

    private SourceRow readRecord() {
        long startLine = lastLine + 1;
        try {
            if (!records.hasNext()) {
                // the count already includes this read; a later range may hold blank lines only
                if (getCurrentItemCount() <= 1 && (range == null || range.index() == 0)) {
                    throw new SourceFileException(displayName + ": line " + startLine
                            + ": the file has a header but no data rows; an export with nothing to report is not expected");
                }
                return null;
            }
            CSVRecord record = records.next();
            lastLine = linesBefore + parser.getCurrentLineNumber();
            return new SourceRow(header, startLine, record.values());
        } catch (UncheckedIOException e) {
            throw failure(startLine, "malformed CSV", e);
        }
    }

    @Override
    protected void doClose() throws Exception {
        if (parser != null) {
            parser.close();
            parser = null;
        }
    }

    private SourceFileException failure(long line, String what, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof LineLengthLimit.PositionedException positioned) {
            return new SourceFileException(displayName + ": " + positioned.getMessage(), e);
        }
        // Commons CSV's messages give positions, not content; other I/O errors name the file system's problem
        String detail = cause instanceof CharacterCodingException
                ? "bytes that are not valid " + dialect.encoding() + " (is the file in another encoding?)"
                : String.valueOf(cause.getMessage());
        return new SourceFileException(displayName + ": line " + line + ": " + what + ": " + detail, e);
    }

    private static void close(Reader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
