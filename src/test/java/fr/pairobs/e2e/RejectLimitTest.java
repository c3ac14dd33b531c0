package fr.pairobs.e2e;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file with more rejected rows than {@code pairobs.ingest.max-rejects} fails its step with the file, the
 * limit and the line and column of the reject that crossed it; its batch stays out of the lake, and the
 * step's counts are those of its committed parts. Restarted with the same limit it fails again (committed
 * rejects count); with a higher limit the ingest goes on after the last committed part: every good row is
 * in the lake once and every rejected row is listed and counted once.
 */
class RejectLimitTest {
    private static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence\r\n";
    private static final String ROW = "C%d;MSP01;690780648;%s;Individuel;45;Unité;;Dupont;Marie;03/02/1980;F;69\r\n";
    private static final String FEED = "ch-le-vinatier.peer_contacts";

    @TempDir
    Path home;

    @Test
    void testTooManyRejectsFailTheFileAndARestartWithAHigherLimitLoadsEachRowOnce() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        Path inbox = Files.createDirectories(home.resolve("inbox/ch-le-vinatier"));
        // lines 2 to 9; the rows on lines 3, 5, 6 and 8 have a 31 February
        StringBuilder csv = new StringBuilder(HEADER);
        List<String> good = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            boolean bad = n == 2 || n == 4 || n == 5 || n == 7;
            csv.append(ROW.formatted(n, bad ? "31/02/2025" : "03/02/2025"));
            if (!bad) {
                good.add("C" + n);
            }
        }
        Files.write(inbox.resolve("contacts_msp_2025-T1.csv"), csv.toString().getBytes(Charset.forName("windows-1252")));
        LocalDate day = LocalDate.of(2026, 3, 1);

        long failedExecution;
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.ingest.max-rejects=2",
                "pairobs.ingest.chunk-size=2", "pairobs.ingest.threads=1")) {
            JobRunner.Outcome failed = context.getBean(JobRunner.class).run(FEED, day, null);
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            // parts of lines 2-3 and 4-5 commit with a reject each; line 6 is the third
            assertThat(failed.message()).contains("contacts_msp_2025-T1.csv: more than 2 rejected rows (pairobs.ingest.max-rejects)",
                    "the last at line 6, column 'Date du contact'");
            failedExecution = failed.execution().getId();
            StepExecution partition = partition(failed);
            assertThat(List.of(partition.getReadCount(), partition.getWriteCount(), partition.getProcessSkipCount()))
                    .as("read, written and rejected: the two committed parts only").containsExactly(4L, 2L, 2L);
        }
        Path lake = home.resolve("lake");
        assertThat(lakeContacts(lake)).as("no batch of the failed file is in the lake").isEmpty();
        assertThat(rejectedLines()).containsExactly(3L, 5L);

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.ingest.max-rejects=2",
                "pairobs.ingest.chunk-size=2", "pairobs.ingest.threads=1")) {
            JobRunner.Outcome again = context.getBean(JobRunner.class).restart(failedExecution);
            assertThat(again.exitCode()).as("the committed rejects count against the limit on restart").isEqualTo(1);
            assertThat(again.message()).contains("the last at line 6, column 'Date du contact'");
            failedExecution = again.execution().getId();
        }
        assertThat(lakeContacts(lake)).isEmpty();
        assertThat(rejectedLines()).containsExactly(3L, 5L);

        // a fault as the part of lines 6 and 7 (a reject, a good row) is about to commit: nothing of it counts
        IngestRestartTest.FailOnce fault = new IngestRestartTest.FailOnce(1);
        try (ConfigurableApplicationContext context = PipelineContexts.start(home,
                c -> c.registerBean("fault", IngestRestartTest.FailOnce.class, () -> fault), "pairobs.ingest.max-rejects=10",
                "pairobs.ingest.chunk-size=2", "pairobs.ingest.threads=1")) {
            JobRunner.Outcome faulted = context.getBean(JobRunner.class).restart(failedExecution);
            assertThat(faulted.exitCode()).isEqualTo(1);
            assertThat(faulted.message()).contains("injected fault");
            StepExecution partition = partition(faulted);
            assertThat(List.of(partition.getReadCount(), partition.getWriteCount(), partition.getProcessSkipCount()))
                    .as("read, written and rejected of a failed part").containsExactly(0L, 0L, 0L);
            failedExecution = faulted.execution().getId();
        }
        assertThat(rejectedLines()).containsExactly(3L, 5L);

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.ingest.max-rejects=10",
                "pairobs.ingest.chunk-size=2", "pairobs.ingest.threads=1")) {
            JobRunner.Outcome restarted = context.getBean(JobRunner.class).restart(failedExecution);
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
            StepExecution partition = partition(restarted);
            assertThat(List.of(partition.getReadCount(), partition.getWriteCount(), partition.getProcessSkipCount()))
                    .as("read, written and rejected after the last committed part").containsExactly(4L, 2L, 2L);
        }
        assertThat(lakeContacts(lake)).containsExactlyElementsOf(good);
        assertThat(rejectedLines()).containsExactly(3L, 5L, 6L, 8L);
    }

    /** The ingest partition of the file in a run. */
    private static StepExecution partition(JobRunner.Outcome outcome) {
        return outcome.execution().getStepExecutions().stream().filter(s -> s.getStepName().split(":").length == 3)
                .findFirst().orElseThrow();
    }

    /** Contact ids of the lake's committed peer-contact parts, in line order. */
    private static List<String> lakeContacts(Path lake) throws Exception {
        List<Path> parts = new LakeLayout(lake).committedParts("peer_contacts");
        List<String> ids = new ArrayList<>();
        if (parts.isEmpty()) {
            return ids;
        }
        String files = String.join(", ", parts.stream().map(p -> "'" + p + "'").toList());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT contact_id FROM read_parquet([" + files + "]) ORDER BY _source_line")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Lines listed in the rejects file of the batch, in order. */
    private List<Long> rejectedLines() throws Exception {
        try (Stream<Path> files = Files.walk(home.resolve("rejects"))) {
            List<Path> csvs = files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
            assertThat(csvs).hasSize(1);
            return Files.readAllLines(csvs.get(0)).stream().skip(1).map(l -> Long.parseLong(l.split(",")[2])).toList();
        }
    }
}
