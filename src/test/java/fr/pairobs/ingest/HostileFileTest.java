package fr.pairobs.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import fr.pairobs.lake.ByteRange;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.Pseudonymizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Broken and hostile partner files on real files, through the reader and the normalizer of a real feed
 * (CH Le Vinatier's peer contacts): nothing silently altered, every refusal with its line and column.
 */
class HostileFileTest {
    static final Charset CP1252 = Charset.forName("windows-1252");
    static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence\r\n";
    static final String ROW = "C1;MSP01;690780648;03/02/2025;Individuel;45;Unité;;Dupont;Marie;03/02/1980;F;69\r\n";

    static SpecCatalog catalog;
    static FeedSpec feed;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSpecs() {
        catalog = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
        feed = catalog.feed("ch-le-vinatier.peer_contacts");
    }

    /** Reads the file and normalizes each row; returns "ok" or the reject's "line|column|reason" per row. */
    List<String> ingest(Path file) throws Exception {
        return ingest(file, feed);
    }

    static List<String> ingest(Path file, FeedSpec feed) throws Exception {
        RowNormalizer normalizer = new RowNormalizer(feed, catalog.dataset(feed.dataset()),
                new Pseudonymizer(new PseudonymKey("k1", new byte[32])),
                new BatchLineage(feed.partner(), feed.feed(), "0".repeat(64), "2025", Instant.EPOCH, 1), LocalDate.of(2026, 1, 1));
        CsvSourceReader reader = new CsvSourceReader(file, file.getFileName().toString(), feed.dialect(),
                RowNormalizer.expectedColumns(feed), 1000);
        List<String> results = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (SourceRow row = reader.read(); row != null; row = reader.read()) {
                try {
                    results.add(normalizer.process(row) == null ? "filtered" : "ok");
                } catch (RowRejectedException e) {
                    results.add(e.line() + "|" + e.column() + "|" + e.reason());
                }
            }
        } finally {
            reader.close();
        }
        return results;
    }

    private Path write(String text) throws IOException {
        return write(text.getBytes(CP1252));
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("contacts_msp_2025-T1.csv");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void testRowsWithAnotherFieldCountThanTheHeaderAreRejectedWithBothCounts() throws Exception {
        Path file = write(HEADER + ROW + ROW.replace(";Unité;", ";") + ROW.replace("\r\n", ";extra\r\n") + ROW);
        assertThat(ingest(file)).containsExactly("ok",
                "3|(missing after field 12)|the row has 12 fields, the header 13: a delimiter is missing or extra in this row, "
                        + "so its values would land in the wrong columns",
                "4|(field 14 and after)|the row has 14 fields, the header 13: a delimiter is missing or extra in this row, "
                        + "so its values would land in the wrong columns",
                "ok");
    }

    @Test
    void testControlCharactersAreRejectedPerFieldButTabsAndQuotedLineBreaksAreText() throws Exception {
        Path file = write(HEADER + ROW.replace("Dupont", "Du\u0000pont") + ROW.replace("Unité", "Un\u000Cit\u00E9")
                + ROW.replace("MSP01", "\"MSP\r\n01\"") + ROW.replace("MSP01", "MSP\t01"));
        assertThat(ingest(file)).containsExactly(
                "2|Nom|control character U+0000 at character 3 of 7; a text export holds none (is the file binary, or in another "
                        + "encoding?)",
                "3|Lieu|control character U+000C at character 3 of 6; a text export holds none (is the file binary, or in another "
                        + "encoding?)",
                "ok", "ok");
    }

    @Test
    void testC1ControlsOfAMisdeclaredIso88591FileAreRejected() throws Exception {
        // a Windows-1252 euro sign (0x80) read as ISO-8859-1 is the C1 control U+0080, never a character of a text
        FeedSpec latin1 = withEncoding("ISO-8859-1");
        byte[] bytes = (HEADER + ROW.replace("Dupont", "Dup?nt")).getBytes(StandardCharsets.ISO_8859_1);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("Dup?nt") + 3;
        bytes[at] = (byte) 0x80;
        assertThat(ingest(write(bytes), latin1)).singleElement().asString().startsWith("2|Nom|control character U+0080 at character 4 of 6");
    }

    @Test
    void testUndefinedWindows1252ByteFailsTheFileWithLineAndColumn() throws Exception {
        byte[] bytes = (HEADER + ROW + ROW.replace("Dupont", "Dup?nt")).getBytes(CP1252);
        String text = new String(bytes, CP1252);
        int at = text.lastIndexOf("Dup?nt") + 3;
        bytes[at] = (byte) 0x81; // undefined in Windows-1252
        int column = at - text.lastIndexOf('\n', at) ;
        Path file = write(bytes);
        assertThatThrownBy(() -> ingest(file)).isInstanceOf(SourceFileException.class)
                .hasMessage("contacts_msp_2025-T1.csv: line 3, column " + column + ": bytes that are not valid windows-1252 (is the file "
                        + "in another encoding? dialect.encoding says windows-1252)");
    }

    @Test
    void testANirInAColumnThatIsNotTheIdentityColumnIsRejected() throws Exception {
        String nir = "180026912345644";
        String spaced = "1 80 02 69 123 456 44";
        Path file = write(HEADER + ROW.replace("C1;", nir + ";") + ROW.replace("MSP01", spaced) + ROW.replace(";;Dupont", ";" + nir + ";Dupont")
                + ROW.replace("C1;", "180026912345645;"));
        List<String> results = ingest(file);
        assertThat(results.get(0)).startsWith("2|N° contact|a NIR (15 characters with a valid key) in a column that is not the feed's "
                + "NIR column");
        assertThat(results.get(1)).startsWith("3|Matricule MSP|a NIR");
        // in the NIR column it is the identity; 15 digits with a wrong key are not a NIR and stay a contact id
        assertThat(results.subList(2, 4)).containsExactly("ok", "ok");
        assertThat(String.join("\n", results)).doesNotContain(nir).doesNotContain(spaced);
    }

    @Test
    void testDuplicateHeaderNamesRefuseTheFileNamingThePositions() throws Exception {
        Path file = write(HEADER.replace("\r\n", "; modalite\r\n") + ROW.replace("\r\n", ";x\r\n"));
        assertThatThrownBy(() -> ingest(file)).isInstanceOf(SourceFileException.class)
                .hasMessage("contacts_msp_2025-T1.csv: line 1: the header line gives the same column name twice: 'Modalité' at positions "
                        + "[5, 14] (names compared ignoring case, accents and spaces); rename or remove the extra column");
        Path other = write(HEADER.replace("\r\n", ";Remarque;remarque\r\n") + ROW.replace("\r\n", ";a;b\r\n"));
        assertThatThrownBy(() -> ingest(other)).hasMessageContaining("line 1: the header line gives the same column name twice: a name at "
                + "positions [14, 15]");
    }

    @Test
    void testUnnamedHeaderColumnsRefuseTheFileUnlessTrailing() throws Exception {
        Path file = write(HEADER.replace(";Lieu;", ";;") + ROW);
        assertThatThrownBy(() -> ingest(file)).hasMessageContaining("line 1: missing column(s) [Lieu]");
        Path unnamed = write(HEADER.replace("\r\n", ";;Remarque\r\n") + ROW.replace("\r\n", ";;x\r\n"));
        assertThatThrownBy(() -> ingest(unnamed)).isInstanceOf(SourceFileException.class)
                .hasMessage("contacts_msp_2025-T1.csv: line 1: the header line has no name for the column(s) at position(s) [14] of 15; "
                        + "every column before the last named one needs a name");
        // a spreadsheet's trailing empty columns
        Path trailing = write(HEADER.replace("\r\n", ";;\r\n") + ROW.replace("\r\n", ";;\r\n"));
        assertThat(ingest(trailing)).containsExactly("ok");
    }

    @Test
    void testAFileWithoutItsHeaderLineGivesCountsNotItsFirstRow() throws Exception {
        Path file = write(ROW.replace(";;Dupont", ";180026912345644;Dupont") + ROW);
        assertThatThrownBy(() -> ingest(file)).isInstanceOf(SourceFileException.class)
                .hasMessageContaining("contacts_msp_2025-T1.csv: line 1: missing column(s) [")
                .hasMessageContaining("the header line has 13 names, 0 of them columns the feed reads (none of them is a column the feed "
                        + "reads: is the header line missing?")
                .hasMessageNotContaining("Dupont").hasMessageNotContaining("180026912345644").hasMessageNotContaining("03/02/1980");
    }

    @Test
    void testAnUnclosedQuoteInALargeFileFailsAtTheLimitWithoutReadingTheRest() throws Exception {
        Path file = dir.resolve("contacts_msp_2025-T1.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((HEADER + ROW + ROW.replace("Unité", "\"Unité")).getBytes(CP1252));
            byte[] block = ROW.getBytes(CP1252);
            for (int i = 0; i < 80_000; i++) { // about 6 MB of rows swallowed by the open quote
                out.write(block);
            }
        }
        CsvSourceReader reader = new CsvSourceReader(file, "big.csv", feed.dialect(), RowNormalizer.expectedColumns(feed), 1000);
        // the parser reads ahead, so the refusal may come while the first rows are buffered
        assertThatThrownBy(() -> {
            reader.open(new ExecutionContext());
            while (reader.read() != null) {
                // drain
            }
        }).isInstanceOf(SourceFileException.class)
                .hasMessage("big.csv: line 3, column 45: the quoted value opened here is still open after 1000 characters "
                        + "(pairobs.ingest.max-line-chars): its closing quote is missing");
        // the reader stopped within its buffers of the limit, not at the end of the file
        assertThat(reader.bytesRead()).isLessThan(64 * 1024).isLessThan(Files.size(file) / 50);
        reader.close();
        // the cut agrees: nothing after the open quote is cut, and the scan stops there
        List<ByteRange> ranges = FileRanges.split(file, feed.dialect(), 1000, 1, 1000);
        assertThat(ranges).hasSize(1);
        List<ByteRange> unlimited = FileRanges.split(file, feed.dialect(), 1000, 1, Long.MAX_VALUE / 4);
        assertThat(unlimited).hasSize(1);
    }

    @Test
    void testTheRecordLimitHoldsAcrossQuotedLineBreaks() throws Exception {
        StringBuilder note = new StringBuilder("\"");
        for (int i = 0; i < 40; i++) {
            note.append("ligne de remarque numéro ").append(i).append("\r\n");
        }
        note.append('"');
        Path file = write(HEADER + ROW + ROW.replace("Unité", note) + ROW);
        assertThatThrownBy(() -> ingest(file)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith("contacts_msp_2025-T1.csv: line 3, column 45: the quoted value opened here is still open after 1000 "
                        + "characters");
    }

    private static FeedSpec withEncoding(String encoding) {
        FeedSpec.Dialect d = feed.dialect();
        return new FeedSpec(feed.feed(), feed.partner(), feed.dataset(), feed.description(), feed.schedule(), feed.files(),
                new FeedSpec.Dialect(d.format(), d.delimiter(), encoding, d.header(), d.dateFormats(), d.decimalSeparator(), d.quote()),
                feed.columns(), feed.values(), feed.constants(), feed.filter(), feed.identity());
    }
}
