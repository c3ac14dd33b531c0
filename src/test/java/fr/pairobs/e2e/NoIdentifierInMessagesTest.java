package fr.pairobs.e2e;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.pull.LandingArea;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NIRs, names and birth dates fed into every error path of a real pipeline run (a file without its header
 * line, date, decimal and integer parse errors, unknown codes, a row with a missing field, an invalid NIR
 * key, a NIR in a free-text column, a NUL byte, the reject limit) never come out: not on the console, not in
 * the logs, the job repository, the rejects or the failure notification. Each path is also checked to have
 * been taken, so the scan cannot pass on a run that rejected nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoIdentifierInMessagesTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String CONTACTS_HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;"
            + "Prénom;Date de naissance;Sexe;Département de résidence\r\n";
    private static final String NIR_1 = nir("1610369123456");
    private static final String NIR_2 = nir("2751138185042");
    private static final String NIR_BAD_KEY = "1840775056123" + String.format("%02d", (Integer.parseInt(nir("1840775056123").substring(13)) % 97) + 1);
    private static final List<String> IDENTIFYING = List.of(NIR_1, NIR_2, NIR_BAD_KEY, NIR_1.substring(0, 13), NIR_2.substring(0, 13),
            NIR_BAD_KEY.substring(0, 13), "Quasimodo", "Zéphyrine", "Vercingétorix", "Anastasie", "17/03/1961", "1961-03-17",
            "02/11/1975", "1975-11-02", "29/02/1977");

    @TempDir
    Path home;

    @Test
    void testNoIdentifyingValueLeavesAnyErrorPath(CapturedOutput output) throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        Path inbox = Files.createDirectories(home.resolve("inbox/ch-le-vinatier"));
        Path notified = home.resolve("notified.txt");
        String good = "C1;MSP01;690780648;03/02/2025;Individuel;45;Unité;" + NIR_1 + ";Quasimodo;Zéphyrine;17/03/1961;F;69\r\n";
        String rows = CONTACTS_HEADER + good
                + "C2;MSP01;690780648;Quasimodo;Individuel;45;Unité;" + NIR_2 + ";Vercingétorix;Anastasie;02/11/1975;F;69\r\n"
                + "C3;MSP01;690780648;17/03/1961;Individuel;45;Unité;" + NIR_2 + ";Vercingétorix;Anastasie;02/11/1975;F;69\r\n"
                + "C4;MSP01;690780648;03/02/2025;Individuel;Zéphyrine;Unité;" + NIR_2 + ";Vercingétorix;Anastasie;02/11/1975;F;69\r\n"
                + "C5;MSP01;690780648;03/02/2025;Vercingétorix;45;Unité;" + NIR_2 + ";Vercingétorix;Anastasie;02/11/1975;F;69\r\n"
                + "C6;MSP01;690780648;03/02/2025;Individuel;45;17/03/1961;;Quasimodo;Zéphyrine;17/03/1961;F;69\r\n"
                // a missing field: the NIR slides into the next column
                + "C7;MSP01;690780648;03/02/2025;Individuel;45;" + NIR_1 + ";Quasimodo;Zéphyrine;17/03/1961;F;69\r\n"
                + "C8;MSP01;690780648;03/02/2025;Individuel;45;Unité;" + NIR_BAD_KEY + ";Quasimodo;Zéphyrine;17/03/1961;F;69\r\n"
                + NIR_1 + ";MSP01;690780648;03/02/2025;Individuel;45;Unité;;Quasimodo;Zéphyrine;17/03/1961;F;69\r\n"
                + "C10;" + NIR_2 + ";690780648;03/02/2025;Individuel;45;Unité;;Quasimodo;Zéphyrine;17/03/1961;F;69\r\n"
                + "C11;MSP01;690780648;03/02/2025;Individuel;45;Unité;;Quasimodo;Zéphyrine;29/02/1977;F;69\r\n"
                + "C12;MSP01;690780648;03/02/2025;Individuel;45;Unité;;Quasimodo;Zéphyrine;17/03/1961;Anastasie;69\r\n"
                + "C13;MSP01;690780648;03/02/2025;Individuel;45;Unité;" + NIR_1 + ";Quasimodo;Zéphyrine;17/03/1961;F;Quasimodo\r\n"
                + "C14;MSP01;690780648;03/02/2025;Individuel;45;Unité;;Quasi\u0000modo;Zéphyrine;17/03/1961;F;69\r\n"
                + "C15;MSP01;690780648;03/02/2025;Individuel;45;Unité;" + NIR_2 + ";Vercingétorix;Anastasie;02/11/1975;F;69;Quasimodo\r\n";
        Files.write(inbox.resolve("contacts_msp_2025-T1.csv"), rows.getBytes(CP1252));
        Files.write(inbox.resolve("evaluations_2025.csv"), ("N° évaluation;Date;Échelle;Score total;Temps;Répondant;NIR\r\n"
                + "E1;03/02/2025;WEMWBS;45,5;Inclusion;Usager;" + NIR_1 + "\r\n"
                + "E2;03/02/2025;WEMWBS;Quasimodo;Inclusion;Usager;" + NIR_1 + "\r\n"
                + "E3;03/02/2025;WEMWBS;17/03/1961;Inclusion;Usager;" + NIR_2 + "\r\n"
                + "E4;03/02/2025;Vercingétorix;45;Inclusion;Usager;" + NIR_2 + "\r\n"
                + "E5;03/02/2025;WEMWBS;45;Inclusion;Usager;" + NIR_BAD_KEY + "\r\n").getBytes(CP1252));

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.ingest.max-rejects=20",
                "pairobs.notify.command=sh,-c,env >> " + notified)) {
            JobRunner runner = context.getBean(JobRunner.class);
            JobRunner.Outcome contacts = runner.run("ch-le-vinatier.peer_contacts", LocalDate.of(2026, 1, 1), null);
            assertThat(contacts.exitCode()).as(contacts.message()).isZero();
            JobRunner.Outcome evaluations = runner.run("ch-le-vinatier.outcome_assessments", LocalDate.of(2026, 1, 1), null);
            assertThat(evaluations.exitCode()).as(evaluations.message()).isZero();

            // a file without its header line: the first data row would be read as the header
            String noHeader = "contacts_msp_2025-T2.csv";
            Files.write(inbox.resolve(noHeader), (good + good.replace("C1;", "C2;")).getBytes(CP1252));
            JobRunner.Outcome headerless = runner.run("ch-le-vinatier.peer_contacts", LocalDate.of(2026, 1, 2), null);
            assertThat(headerless.exitCode()).isEqualTo(1);
            assertThat(headerless.message()).contains(noHeader, "line 1: missing column(s)", "is the header line missing?");
            discard(context, inbox.resolve(noHeader));

            // more rejects than the limit: the failure carries the last reason into the notification
            StringBuilder many = new StringBuilder(CONTACTS_HEADER);
            for (int i = 0; i < 25; i++) {
                many.append("D").append(i).append(";MSP01;690780648;03/02/2025;Quasimodo;45;Unité;").append(NIR_1)
                        .append(";Quasimodo;Zéphyrine;17/03/1961;F;69\r\n");
            }
            String tooMany = "contacts_msp_2025-T3.csv";
            Files.write(inbox.resolve(tooMany), many.toString().getBytes(CP1252));
            JobRunner.Outcome limit = runner.run("ch-le-vinatier.peer_contacts", LocalDate.of(2026, 1, 3), null);
            assertThat(limit.exitCode()).isEqualTo(1);
            assertThat(limit.message()).contains(tooMany, "more than 20 rejected rows", "column 'Modalité'", "9 letters");

            List<String> rejects = new ArrayList<>();
            try (Stream<Path> files = Files.walk(home)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("rejects") && Files.isRegularFile(f)).toList()) {
                    rejects.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
            String allRejects = String.join("\n", rejects);
            // every path was taken: each bad row is in the rejects with its reason
            assertThat(allRejects).contains(
                    "expected a date like 31/12/2024 or 2024-12-31, found 9 letters",
                    "a date in 1961 is before the earliest accepted 2015-01-01",
                    "expected a whole number, found 9 letters",
                    "unknown value, found 13 letters",
                    "unknown value, found 10 characters: digits and '/'",
                    "the row has 12 fields, the header 13",
                    "invalid NIR: NIR key does not match",
                    "a NIR (15 characters with a valid key) in a column that is not the feed's NIR column",
                    "birth date is not a valid date",
                    "unknown sex code",
                    "unknown département code, found 9 letters",
                    "control character U+0000 at character 6 of 10",
                    "the row has 14 fields, the header 13",
                    "expected a number like 1 234,5, found 9 letters",
                    "expected a number like 1 234,5, found 10 characters: digits and '/'");
            assertThat(Files.readString(notified)).contains("PAIROBS_MESSAGE=", "more than 20 rejected rows");

            StringBuilder seen = new StringBuilder();
            seen.append(output.getAll()).append('\n').append(contacts.message()).append(evaluations.message())
                    .append(headerless.message()).append(limit.message()).append('\n').append(allRejects).append('\n');
            seen.append(Files.readString(notified)).append('\n');
            seen.append(repository(context.getBean(DataSource.class)));
            try (Stream<Path> files = Files.walk(home.resolve("logs"))) {
                for (Path log : files.filter(Files::isRegularFile).toList()) {
                    seen.append(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
                }
            }
            assertThat(seen).contains("more than 20 rejected rows", "is the header line missing?");
            for (String value : IDENTIFYING) {
                assertThat(seen.toString()).as("identifying value %s", value).doesNotContain(value)
                        .doesNotContain(new String(value.getBytes(StandardCharsets.UTF_8), CP1252));
            }
        }
        // the repository's own file, as stored bytes: nothing written there either
        try (Stream<Path> files = Files.walk(home.resolve("repository"))) {
            for (Path db : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
                for (String value : IDENTIFYING) {
                    assertThat(bytes).as("identifying value %s in %s", value, db).doesNotContain(value);
                }
            }
        }
    }

    /** Every text of every table of the job repository (executions, steps, contexts, parameters, Quartz). */
    private static String repository(DataSource dataSource) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_schema, table_name FROM information_schema.tables "
                    + "WHERE table_type = 'BASE TABLE' AND table_schema <> 'INFORMATION_SCHEMA'")) {
                while (rs.next()) {
                    tables.add("\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
                }
            }
            assertThat(tables).anyMatch(t -> t.contains("BATCH_STEP_EXECUTION_CONTEXT"));
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            Object value = rs.getObject(c);
                            text.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value).append('|');
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private static void discard(ConfigurableApplicationContext context, Path file) throws Exception {
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        context.getBean(LandingArea.class).discard("ch-le-vinatier", sha.substring(0, 12), "test: set aside");
        Files.delete(file);
    }

    /** A NIR with its key: 97 - (the 13 digits mod 97). */
    private static String nir(String thirteen) {
        return thirteen + String.format("%02d", 97 - Long.parseLong(thirteen) % 97);
    }
}
