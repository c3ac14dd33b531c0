package fr.pairobs.e2e;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad partner files are each quarantined by the nightly with a reason naming the file, the line and what is
 * wrong, while the night goes on and publishes without them; a feed's own job still fails on its bad source.
 */
class BadInputTest {
    private static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence\r\n";
    private static final String ROW = "C%d;MSP01;690780648;03/02/2025;Individuel;45;Unité;;Dupont;Marie;03/02/1980;F;69\r\n";
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final AtomicInteger DAY = new AtomicInteger();

    @TempDir
    static Path home;

    static ConfigurableApplicationContext context;
    static JobRunner runner;
    static Path inbox;

    @BeforeAll
    static void publishAGoodWarehouse() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        inbox = Files.createDirectories(home.resolve("inbox/ch-le-vinatier"));
        Files.write(inbox.resolve("contacts_msp_2025-T1.csv"), (HEADER + ROW.formatted(1) + ROW.formatted(2)).getBytes(CP1252));
        context = PipelineContexts.start(home, "pairobs.ingest.max-line-chars=2000");
        runner = context.getBean(JobRunner.class);
        assertThat(runner.run("ch-le-vinatier.peer_contacts", LocalDate.of(2026, 1, 1), null).exitCode()).isZero();
        // the other partners' inboxes exist but are empty: the nightly job builds and publishes
        for (String partner : new String[] {"gem-4-saisons", "gem-constellation", "asso-rehab", "chs-alpes-isere", "finess",
                "observatoire", "ars-ara"}) {
            Files.createDirectories(home.resolve("inbox").resolve(partner));
        }
        assertThat(runner.run("nightly", LocalDate.of(2026, 1, 1), null).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty file|EMPTY|line 1: the file is empty or has no header line",
            "header only|HEADER|line 2: the file has a header but no data rows",
            "missing required column|MISSING_COLUMN|line 1: missing column(s) [Date du contact]",
            "wrong encoding|UTF16|the file looks UTF-16, not windows-1252",
            "wrong delimiter|COMMAS|is the delimiter ';' right?",
            "truncated last line|TRUNCATED|line 4, column 11: the quoted value opened here is never closed",
            "line over the size limit|LONG_LINE|line 3 is longer than 2000 characters"})
    void testBadFileIsQuarantinedWithItsReasonAndTheNightPublishesWithoutIt(String label, String kind, String expected) throws Exception {
        Path current = home.resolve("warehouse/current.duckdb");
        String name = "contacts_msp_2025-T" + (2 + DAY.get()) + "-" + kind + ".csv";
        Files.write(inbox.resolve(name), content(kind));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(inbox.resolve(name))));
        try {
            JobRunner.Outcome outcome = runner.run("nightly", LocalDate.of(2026, 1, 2).plusDays(DAY.incrementAndGet()), null);
            assertThat(outcome.exitCode()).as(outcome.message()).isZero();
            assertThat(outcome.message()).contains(name).contains(expected);
            assertThat(context.getBean(fr.pairobs.batch.FileQuarantine.class).ledger().open())
                    .filteredOn(e -> e.sha256().equals(sha)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains(name).contains(expected));
            assertThat(home.resolve("lake/peer_contacts/partner=ch-le-vinatier/batch=" + sha.substring(0, 16))).doesNotExist();
            // the published warehouse was built without it and says so
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                    java.sql.Statement s = c.createStatement()) {
                s.execute("ATTACH '" + current + "' AS wh (READ_ONLY)");
                java.sql.ResultSet r = s.executeQuery("SELECT reason FROM wh.quarantine WHERE source_sha256 = '" + sha + "'");
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).contains(expected);
                r = s.executeQuery("SELECT peer_contacts_rows FROM wh.build_info");
                r.next();
                assertThat(r.getLong(1)).as("the good file's rows are still published").isEqualTo(2);
            }
        } finally {
            // what an operator does once the partner has sent a corrected export: set the broken one aside
            assertThat(new picocli.CommandLine(context.getBean(fr.pairobs.cli.QuarantineCommand.Discard.class))
                    .execute("ch-le-vinatier", sha.substring(0, 12), "--reason", "test: " + label)).isZero();
            assertThat(context.getBean(fr.pairobs.pull.LandingArea.class).isDiscarded("ch-le-vinatier", sha)).isTrue();
            Files.delete(inbox.resolve(name));
        }
    }

    @Test
    void testSameBytesUnderAnotherNameAreNotIngestedTwice() throws Exception {
        Files.copy(inbox.resolve("contacts_msp_2025-T1.csv"), inbox.resolve("contacts_msp_2025-T1 (copie).csv"));
        try {
            JobRunner.Outcome outcome = runner.run("ch-le-vinatier.peer_contacts", LocalDate.of(2026, 2, 1), null);
            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.execution().getStepExecutions().stream().filter(s -> s.getStepName().startsWith("pull:"))
                    .findFirst().orElseThrow().getWriteCount()).isZero();
            assertThat(outcome.execution().getStepExecutions().stream().filter(s -> s.getStepName().split(":").length == 3)).isEmpty();
        } finally {
            Files.delete(inbox.resolve("contacts_msp_2025-T1 (copie).csv"));
        }
    }

    @Test
    void testMissingPartnerDirectoryIsNamed() throws Exception {
        Path moved = home.resolve("moved-away");
        Files.move(home.resolve("inbox/asso-rehab"), moved);
        try {
            JobRunner.Outcome outcome = runner.run("asso-rehab.peer_contacts", LocalDate.of(2026, 3, 1), null);
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.message()).contains("inbox directory " + home.resolve("inbox/asso-rehab") + " does not exist");
        } finally {
            Files.move(moved, home.resolve("inbox/asso-rehab"));
        }
    }

    private static byte[] content(String kind) {
        return switch (kind) {
            case "EMPTY" -> new byte[0];
            case "HEADER" -> HEADER.getBytes(CP1252);
            case "MISSING_COLUMN" -> (HEADER.replace("Date du contact;", "") + "C9;MSP01;690780648;Individuel;45;Unité;;A;B;03/02/1980;F;69\r\n")
                    .getBytes(CP1252);
            case "UTF16" -> (HEADER + ROW.formatted(9)).getBytes(StandardCharsets.UTF_16);
            case "COMMAS" -> (HEADER + ROW.formatted(9)).replace(';', ',').getBytes(CP1252);
            case "TRUNCATED" -> (HEADER + ROW.formatted(9) + ROW.formatted(10) + "C11;MSP01;\"690780648;03/02").getBytes(CP1252);
            case "LONG_LINE" -> (HEADER + ROW.formatted(9) + "C10;" + "x".repeat(5000) + "\r\n").getBytes(CP1252);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
