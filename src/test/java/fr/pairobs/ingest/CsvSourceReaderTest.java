package fr.pairobs.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.TestDialects.SEMICOLON_1252;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSourceReaderTest {
    @TempDir
    Path dir;

    @Test
    void testWindows1252WithCrlfAndAccentedHeadersIsRead() throws Exception {
        Path file = dir.resolve("contacts.csv");
        Files.write(file, "N° contact;Modalité;Durée (min)\r\n1;Téléphone;30\r\n2;Aller-vers;45,0\r\n"
                .getBytes(Charset.forName("windows-1252")));
        List<SourceRow> rows = readAll(new CsvSourceReader(file, "contacts.csv", SEMICOLON_1252, List.of("N° contact", "modalite")));
        assertThat(rows).hasSize(2);
        SourceRow second = rows.get(1);
        assertThat(second.line()).isEqualTo(3);
        assertThat(second.value(second.header().indexOf("Modalité").getAsInt())).isEqualTo("Aller-vers");
        assertThat(second.value(2)).isEqualTo("45,0");
    }

    @Test
    void testUtf8BomAndQuotedLineBreaksKeepPhysicalLineNumbers() throws Exception {
        Path file = dir.resolve("gem.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write("Nom,Observations,Date\n\"Élise\",\"ligne 1\nligne 2\",2025-01-02\nLéo,ok,2025-01-03\n"
                .getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());
        FeedSpec.Dialect dialect = new FeedSpec.Dialect(null, ",", "UTF-8", true, null, ".", null);
        List<SourceRow> rows = readAll(new CsvSourceReader(file, "gem.csv", dialect, List.of("Nom", "Date")));
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 4L);
        assertThat(rows.get(0).value(0)).isEqualTo("Élise");
        assertThat(rows.get(0).header().indexOf("Nom")).hasValue(0);
    }

    @Test
    void testMissingColumnFailsNamingFileLineAndColumn() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "N° contact;Durée\n1;30\n", Charset.forName("windows-1252"));
        CsvSourceReader reader = new CsvSourceReader(file, "contacts_2025-01.csv", SEMICOLON_1252, List.of("N° contact", "Modalité"));
        assertThatThrownBy(() -> reader.open(new ExecutionContext()))
                .hasMessageContaining("contacts_2025-01.csv: line 1: missing column(s) [Modalité]");
    }

    @Test
    void testWrongDelimiterIsExplained() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "N° contact,Modalité\n1,Groupe\n", StandardCharsets.UTF_8);
        CsvSourceReader reader = new CsvSourceReader(file, "x.csv", TestDialects.semicolon("UTF-8"),
                List.of("N° contact", "Modalité"));
        assertThatThrownBy(() -> reader.open(new ExecutionContext()))
                .hasMessageContaining("is the delimiter ';' right?");
    }

    @Test
    void testWrongEncodingFailsWithTheLine() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.write(file, "a;b\r\n1;Téléphone\r\n".getBytes(Charset.forName("windows-1252")));
        CsvSourceReader reader = new CsvSourceReader(file, "x.csv", TestDialects.semicolon("UTF-8"),
                List.of("a", "b"));
        // the decoder reads ahead, so the error may surface while the header is parsed
        assertThatThrownBy(() -> {
            reader.open(new ExecutionContext());
            reader.read();
        })
                .isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith("x.csv: line ")
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void testRestartResumesAfterTheSavedPosition() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "a\n1\n2\n3\n4\n", StandardCharsets.UTF_8);
        FeedSpec.Dialect dialect = TestDialects.semicolon("UTF-8");
        CsvSourceReader first = new CsvSourceReader(file, "x.csv", dialect, List.of("a"));
        ExecutionContext context = new ExecutionContext();
        first.open(context);
        first.read();
        first.read();
        first.update(context);
        first.close();
        CsvSourceReader second = new CsvSourceReader(file, "x.csv", dialect, List.of("a"));
        second.open(context);
        SourceRow next = second.read();
        assertThat(next.value(0)).isEqualTo("3");
        assertThat(next.line()).isEqualTo(4);
        second.close();
    }

    private static List<SourceRow> readAll(CsvSourceReader reader) throws Exception {
        reader.open(new ExecutionContext());
        List<SourceRow> rows = new ArrayList<>();
        for (SourceRow row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
        }
        reader.close();
        return rows;
    }

    @Test
    void testOverlongLineIsRefusedWithoutBufferingIt() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "a;b\n1;2\n3;\"" + "x".repeat(5000) + "\n", StandardCharsets.UTF_8);
        CsvSourceReader reader = new CsvSourceReader(file, "big.csv", TestDialects.semicolon("UTF-8"),
                List.of("a", "b"), 1000);
        // the parser reads ahead, so the refusal may come while the first rows are buffered
        assertThatThrownBy(() -> {
            reader.open(new ExecutionContext());
            while (reader.read() != null) {
                // drain
            }
        })
                .isInstanceOf(SourceFileException.class)
                .hasMessage("big.csv: line 3, column 3: the quoted value opened here is still open after 1000 characters "
                        + "(pairobs.ingest.max-line-chars): its closing quote is missing");
    }

    @Test
    void testHeaderOnlyFileIsAnError() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "a;b\r\n", StandardCharsets.UTF_8);
        CsvSourceReader reader = new CsvSourceReader(file, "vide.csv", TestDialects.semicolon("UTF-8"),
                List.of("a", "b"));
        reader.open(new ExecutionContext());
        assertThatThrownBy(reader::read).hasMessageContaining("vide.csv: line 2: the file has a header but no data rows");
    }

    @Test
    void testUnterminatedQuoteOnTheLastLineIsMalformed() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "a;b\n1;2\n3;\"tronqu", StandardCharsets.UTF_8);
        CsvSourceReader reader = new CsvSourceReader(file, "t.csv", TestDialects.semicolon("UTF-8"),
                List.of("a", "b"));
        reader.open(new ExecutionContext());
        reader.read();
        assertThatThrownBy(reader::read).hasMessage("t.csv: line 3, column 3: the quoted value opened here is never closed "
                + "(the file ends inside it): its closing quote is missing");
    }

    @Test
    void testEmptyFileIsAnError() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.csv"));
        CsvSourceReader reader = new CsvSourceReader(file, "empty.csv", SEMICOLON_1252, List.of("a"));
        assertThatThrownBy(() -> reader.open(new ExecutionContext()))
                .hasMessageContaining("empty.csv: line 1: the file is empty or has no header line");
    }
}
