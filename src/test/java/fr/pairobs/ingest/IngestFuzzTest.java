package fr.pairobs.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.pairobs.lake.ByteRange;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.Pseudonymizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz tests of the reader, the range cut and the normalizer on files made from the fuzzer's
 * bytes, into which a NIR, a name and a birth date are planted wherever the bytes hold '@', '#' or '%'.
 * Invariants: a file either reads or fails with a {@link SourceFileException} naming its line; a row either
 * normalizes or is a {@link RowRejectedException} with its line; no message or reason carries a planted value;
 * the ranges of a file give exactly the rows of the whole file, or fail as it does.
 *
 * <p>With the suite, each test runs the committed inputs under {@code src/test/resources/fr/pairobs/ingest/
 * IngestFuzzTestInputs/<test>/} (regression mode, well under a second each). To fuzz one:
 * {@code JAZZER_FUZZ=1 mvn -o test -Dtest=IngestFuzzTest#fuzzReaderAndNormalizer} (runs for the
 * {@code maxDuration}; a crash is written next to the committed inputs and becomes a regression test).
 */
class IngestFuzzTest {
    static final String NIR = "180026912345644";
    static final List<String> PLANTED = List.of(NIR, NIR.substring(0, 13), "Quasimodo", "17/03/1961", "1961-03-17");
    static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence\r\n";
    static final String[] ENCODINGS = {"UTF-8", "windows-1252", "ISO-8859-1"};
    static final long LIMIT = 300;

    static final SpecCatalog CATALOG = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
    static final FeedSpec FEED = CATALOG.feed("ch-le-vinatier.peer_contacts");

    @FuzzTest(maxDuration = "60s")
    void fuzzReaderAndNormalizer(FuzzedDataProvider data) throws Exception {
        FeedSpec.Dialect dialect = dialect(data.consumeInt(0, ENCODINGS.length - 1));
        boolean withHeader = data.consumeBoolean();
        byte[] body = plant(data.consumeRemainingAsBytes());
        Path file = write(withHeader ? concat(HEADER.getBytes(dialect.encoding()), body) : body);
        try {
            RowNormalizer normalizer = new RowNormalizer(withEncoding(dialect), CATALOG.dataset(FEED.dataset()),
                    new Pseudonymizer(new PseudonymKey("k1", new byte[32])),
                    new BatchLineage(FEED.partner(), FEED.feed(), "0".repeat(64), "2025", Instant.EPOCH, 1), LocalDate.of(2026, 1, 1));
            CsvSourceReader reader = new CsvSourceReader(file, "f.csv", dialect, RowNormalizer.expectedColumns(FEED), LIMIT);
            try {
                reader.open(new ExecutionContext());
                for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                    try {
                        normalizer.process(row);
                    } catch (RowRejectedException rejected) {
                        assertThat(rejected.line()).isEqualTo(row.line()).isGreaterThanOrEqualTo(2);
                        assertNothingPlanted(rejected.getMessage() + " " + rejected.column() + " " + rejected.field());
                    }
                }
            } catch (SourceFileException e) {
                assertThat(e.getMessage()).startsWith("f.csv: ").containsPattern("^f\\.csv: (line \\d+|the landed file)");
                assertNothingPlanted(e.getMessage());
            } finally {
                reader.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzRangesGiveTheRowsOfTheWholeFile(FuzzedDataProvider data) throws Exception {
        FeedSpec.Dialect dialect = dialect(data.consumeInt(0, ENCODINGS.length - 1));
        int targetBytes = data.consumeInt(1, 64);
        Path file = write(concat("a;b;c\n".getBytes(StandardCharsets.US_ASCII), plant(data.consumeRemainingAsBytes())));
        try {
            String whole = rows(file, dialect, null);
            List<ByteRange> ranges = FileRanges.split(file, dialect, targetBytes, 1, LIMIT);
            assertThat(ranges.get(0).start()).isZero();
            assertThat(ranges.get(ranges.size() - 1).end()).isEqualTo(Files.size(file));
            for (int i = 1; i < ranges.size(); i++) {
                assertThat(ranges.get(i).start()).isEqualTo(ranges.get(i - 1).end());
            }
            StringBuilder parts = new StringBuilder();
            boolean failed = false;
            for (ByteRange range : ranges) {
                String part = rows(file, dialect, range);
                failed |= part.startsWith("FAILED");
                parts.append(part.startsWith("FAILED") ? "" : part);
            }
            if (whole.startsWith("FAILED")) {
                assertThat(failed).as("the whole file fails (%s), so one of its ranges must", whole).isTrue();
            } else {
                assertThat(failed).as("the whole file reads, so every range must").isFalse();
                assertThat(parts.toString()).isEqualTo(whole);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The rows as "line|v1|v2..." lines, or "FAILED: message". */
    private static String rows(Path file, FeedSpec.Dialect dialect, ByteRange range) throws Exception {
        CsvSourceReader reader = new CsvSourceReader(file, "f.csv", dialect, List.of("a"), LIMIT, range);
        StringBuilder out = new StringBuilder();
        try {
            reader.open(new ExecutionContext());
            for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                out.append(row.line()).append('|').append(String.join("|", row.values())).append('\n');
            }
        } catch (SourceFileException e) {
            assertThat(e.getMessage()).containsPattern("^f\\.csv: (line \\d+|the landed file)");
            assertNothingPlanted(e.getMessage());
            return "FAILED: " + e.getMessage();
        } finally {
            reader.close();
        }
        return out.toString();
    }

    static void assertNothingPlanted(String message) {
        for (String value : PLANTED) {
            assertThat(message).doesNotContain(value);
        }
    }

    private static byte[] plant(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 2);
        for (byte b : bytes) {
            switch (b) {
                case '@' -> out.writeBytes(NIR.getBytes(StandardCharsets.US_ASCII));
                case '#' -> out.writeBytes("Quasimodo".getBytes(StandardCharsets.US_ASCII));
                case '%' -> out.writeBytes("17/03/1961".getBytes(StandardCharsets.US_ASCII));
                default -> out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Path write(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("pairobs-fuzz-", ".csv");
        Files.write(file, bytes);
        return file;
    }

    private static FeedSpec.Dialect dialect(int encoding) {
        FeedSpec.Dialect d = FEED.dialect();
        return new FeedSpec.Dialect(d.format(), d.delimiter(), ENCODINGS[encoding], d.header(), d.dateFormats(), d.decimalSeparator(),
                d.quote());
    }

    private static FeedSpec withEncoding(FeedSpec.Dialect dialect) {
        return new FeedSpec(FEED.feed(), FEED.partner(), FEED.dataset(), FEED.description(), FEED.schedule(), FEED.files(), dialect,
                FEED.columns(), FEED.values(), FEED.constants(), FEED.filter(), FEED.identity());
    }
}
