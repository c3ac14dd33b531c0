package fr.pairobs.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import fr.pairobs.lake.ByteRange;
import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.TestDialects.SEMICOLON_1252;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file cut into ranges and read range by range gives exactly the records, values and line numbers
 * of the file read whole, however the quoting, line breaks and blank lines fall.
 */
class FileRangesTest {
    @TempDir
    Path dir;

    @Test
    void testRangesReadTheSameRecordsAndLinesAsTheWholeFile() throws Exception {
        Path file = dir.resolve("contacts.csv");
        Files.write(file, awkwardCsv(new Random(3), 3000));
        List<String> whole = records(file, null);
        assertThat(whole).hasSize(3000);
        for (long target : new long[] {64, 97, 500, 4096, 40_000}) {
            List<ByteRange> ranges = FileRanges.split(file, SEMICOLON_1252, target);
            assertThat(ranges.size()).as("ranges of about %d bytes", target).isGreaterThan(1);
            long expectedStart = 0;
            for (ByteRange range : ranges) {
                assertThat(range.start()).isEqualTo(expectedStart);
                assertThat(range.end()).isGreaterThan(range.start());
                assertThat(range.count()).isEqualTo(ranges.size());
                expectedStart = range.end();
            }
            assertThat(expectedStart).isEqualTo(Files.size(file));
            List<String> joined = new ArrayList<>();
            for (ByteRange range : ranges) {
                joined.addAll(records(file, range));
            }
            for (int i = 0; i < Math.min(joined.size(), whole.size()); i++) {
                assertThat(escape(joined.get(i))).as("record %d read range by range, ranges of about %d bytes", i, target)
                        .isEqualTo(escape(whole.get(i)));
            }
            assertThat(joined).as("records read range by range, ranges of about %d bytes", target).hasSameSizeAs(whole);
        }
    }

    @Test
    void testTheCountOfRangesIsAMultipleOfTheThreads() throws Exception {
        Path file = dir.resolve("c.csv");
        Files.write(file, awkwardCsv(new Random(9), 3000));
        long size = Files.size(file);
        assertThat(FileRanges.split(file, SEMICOLON_1252, size / 7)).hasSize(7);
        assertThat(FileRanges.split(file, SEMICOLON_1252, size / 7, 2)).hasSize(8);
        assertThat(FileRanges.split(file, SEMICOLON_1252, size / 6, 3)).hasSize(6);
        assertThat(FileRanges.split(file, SEMICOLON_1252, size, 2)).hasSize(1);
    }

    @Test
    void testRangesSurviveTheirTextForm() throws Exception {
        Path file = dir.resolve("c.csv");
        Files.write(file, awkwardCsv(new Random(5), 200));
        List<ByteRange> ranges = FileRanges.split(file, SEMICOLON_1252, 300);
        fr.pairobs.lake.LakeBatch batch = new fr.pairobs.lake.LakeBatch(dir.resolve("lake"), dir.resolve("rejects"), "d", "p",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(batch.ranges(Files.size(file), () -> ranges)).isEqualTo(ranges);
        // recorded in the staging batch: read back, never cut again
        assertThat(batch.ranges(Files.size(file), () -> { throw new AssertionError("cut again"); })).isEqualTo(ranges);
        assertThat(ranges.get(1).suffix()).isEqualTo("-r01");
        assertThat(ByteRange.whole(10).suffix()).isEmpty();
    }

    @Test
    void testADamagedRangesFileOrAShortenedFileIsNamedWithWhatToDo() throws Exception {
        fr.pairobs.lake.LakeBatch batch = new fr.pairobs.lake.LakeBatch(dir.resolve("lake"), dir.resolve("rejects"), "d", "p",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        Path recorded = Files.createDirectories(batch.staging()).resolve("_RANGES");
        Files.writeString(recorded, "0 2 0 100 0\n1 2 100\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> batch.ranges(1000, List::of))
                .hasMessageContaining(recorded + ": line 2, column 1: not a range line")
                .hasMessageContaining("delete the staging batch");
        Path file = dir.resolve("c.csv");
        Files.write(file, awkwardCsv(new Random(5), 50));
        ByteRange beyond = new ByteRange(1, 2, 10, Files.size(file) + 1, 1);
        assertThatThrownBy(() -> records(file, beyond)).hasMessageContaining("c.csv: the landed file")
                .hasMessageContaining("changed after landing").hasMessageContaining("pairobs discard");
    }

    @Test
    void testFilesThatCannotOrNeedNotBeCutStayWhole() throws Exception {
        Path file = dir.resolve("c.csv");
        Files.write(file, awkwardCsv(new Random(5), 200));
        long size = Files.size(file);
        assertThat(FileRanges.split(file, SEMICOLON_1252, size)).containsExactly(ByteRange.whole(size));
        FeedSpec.Dialect utf16 = TestDialects.semicolon("UTF-16");
        assertThat(FileRanges.split(file, utf16, 100)).hasSize(1);
        FeedSpec.Dialect finess = new FeedSpec.Dialect("finess-extract", ";", "windows-1252", false, null, ",", null);
        assertThat(FileRanges.split(file, finess, 100)).hasSize(1);
    }

    @Test
    void testAnUnclosedQuoteFailsInItsRangeWithTheFileLine() throws Exception {
        Path file = dir.resolve("broken.csv");
        StringBuilder text = new StringBuilder("id;note\n");
        for (int i = 0; i < 400; i++) {
            text.append(i).append(";plain note ").append(i).append('\n');
        }
        text.append("400;\"never closed\n");
        for (int i = 401; i < 800; i++) {
            text.append(i).append(";after\n");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        FeedSpec.Dialect dialect = TestDialects.semicolon("UTF-8");
        List<ByteRange> ranges = FileRanges.split(file, dialect, 1000);
        assertThat(ranges.size()).isGreaterThan(2);
        // no cut after the open quote: the rest of the file is one range, as a whole read would see it
        ByteRange last = ranges.get(ranges.size() - 1);
        assertThat(last.linesBefore()).isLessThanOrEqualTo(401);
        assertThatThrownBy(() -> records(file, last)).hasMessageContaining("broken.csv: line 402, column 5: the quoted value opened here is never closed");
        assertThatThrownBy(() -> records(file, null)).hasMessageContaining("broken.csv: line 402, column 5: the quoted value opened here is never closed");
    }

    private static String escape(String record) {
        return record.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Records as "line|v1|v2|..." strings. */
    private static List<String> records(Path file, ByteRange range) throws Exception {
        CsvSourceReader reader = new CsvSourceReader(file, file.getFileName().toString(), file.getFileName().toString()
                .equals("broken.csv") ? TestDialects.semicolon("UTF-8") : SEMICOLON_1252,
                List.of("id"), CsvSourceReader.DEFAULT_MAX_LINE_CHARS, range);
        reader.open(new ExecutionContext());
        try {
            List<String> out = new ArrayList<>();
            for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                out.add(row.line() + "|" + String.join("|", row.values()));
            }
            return out;
        } finally {
            reader.close();
        }
    }

    /**
     * A windows-1252 CSV whose values hold delimiters, doubled quotes, LF, CR LF and lone CR inside quotes,
     * with CR LF and LF record ends and blank lines between records.
     */
    private static byte[] awkwardCsv(Random random, int records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset cp1252 = Charset.forName("windows-1252");
        out.write("id;note;quoted;Modalité\r\n".getBytes(cp1252));
        String[] notes = {"simple", "\"a;b\"", "\"dit \"\"bonjour\"\"\"", "\"ligne 1\nligne 2\"", "\"deux\r\nlignes\"",
            "\"seul\rCR\"", "\"\"", "Hélène", "\"\"\"\"", "\";\n;\""};
        for (int i = 0; i < records; i++) {
            String note = notes[random.nextInt(notes.length)];
            String quoted = random.nextBoolean() ? "\"q" + i + "\"" : "x" + i;
            out.write((i + ";" + note + ";" + quoted + ";Téléphone").getBytes(cp1252));
            out.write((random.nextBoolean() ? "\r\n" : "\n").getBytes(cp1252));
            if (random.nextInt(10) == 0) {
                out.write((random.nextBoolean() ? "\n" : "\r\n").getBytes(cp1252));
            }
        }
        return out.toByteArray();
    }
}
