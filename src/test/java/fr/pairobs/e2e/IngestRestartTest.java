package fr.pairobs.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest that fails half-way (a fault injected as a later part is about to be committed, its rows written) is restarted
 * from its last committed part and ends with exactly the rows of an uninterrupted run.
 */
class IngestRestartTest {
    @TempDir
    Path interrupted;

    @TempDir
    Path uninterrupted;

    @Test
    void testRestartAfterFailureMidIngestGivesTheSameRowsAsAnUninterruptedRun() throws Exception {
        Path keyFile = interrupted.resolve("secrets/pseudonym.key");
        PseudonymKey key = PseudonymKey.generate("k1", keyFile);
        java.nio.file.Files.createDirectories(uninterrupted.resolve("secrets"));
        java.nio.file.Files.copy(keyFile, uninterrupted.resolve("secrets/pseudonym.key"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        new DemoExports().generate(interrupted, 7, 0.1);
        DemoExports.Result demo = new DemoExports().generate(uninterrupted, 7, 0.1);
        LocalDate day = LocalDate.of(2026, 2, 1);

        FailOnce fault = FailOnce.perPartition(4);
        JobRunner.Outcome failed;
        long firstExecution;
        try (ConfigurableApplicationContext context = PipelineContexts.start(interrupted,
                c -> c.registerBean("fault", FailOnce.class, () -> fault), "pairobs.ingest.chunk-size=25",
                "pairobs.ingest.threads=1")) {
            JobRunner runner = context.getBean(JobRunner.class);
            failed = runner.run("nightly", day, null);
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.message()).contains("injected fault");
            firstExecution = failed.execution().getId();
            StepExecution failedPartition = failed.execution().getStepExecutions().stream()
                    .filter(s -> s.getStatus() == BatchStatus.FAILED && s.getStepName().split(":").length == 3)
                    .findFirst().orElseThrow();
            assertThat(failedPartition.getWriteCount() + failedPartition.getProcessSkipCount())
                    .as("rows of the parts committed before the fault").isEqualTo(3 * 25);
            assertThat(fault.fired.get()).isEqualTo(1);

            JobRunner.Outcome restarted = runner.restart(firstExecution);
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
            StepExecution resumed = restarted.execution().getStepExecutions().stream()
                    .filter(s -> s.getStepName().equals(failedPartition.getStepName())).findFirst().orElseThrow();
            String source = failedPartition.getExecutionContext().getString("file.source");
            int fileRows = demo.files().stream().filter(f -> f.path().getFileName().toString().equals(source)).findFirst()
                    .orElseThrow().rows();
            assertThat(fileRows).as("the failed file is longer than the committed parts").isGreaterThan(3 * 25);
            assertThat(resumed.getReadCount()).as("the restart reads only what the committed parts had not")
                    .isEqualTo(fileRows - 3 * 25);
        }
        try (ConfigurableApplicationContext context = PipelineContexts.start(uninterrupted, "pairobs.ingest.chunk-size=25")) {
            JobRunner.Outcome clean = context.getBean(JobRunner.class).run("nightly", day, null);
            assertThat(clean.exitCode()).as(clean.message()).isZero();
        }
        assertThat(key.keyId()).isEqualTo("k1");

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + interrupted.resolve("warehouse/current.duckdb") + "' AS a (READ_ONLY)");
            s.execute("ATTACH '" + uninterrupted.resolve("warehouse/current.duckdb") + "' AS b (READ_ONLY)");
            String columns = "contact_id, partner_id, source_line, contact_on, modality, minutes, setting, worker_code, "
                    + "(SELECT person_key FROM %s.dim_person p WHERE p.person_sk = f.person_sk) AS person_key";
            String a = "SELECT " + columns.formatted("a") + " FROM a.fct_peer_contact f";
            String b = "SELECT " + columns.formatted("b") + " FROM b.fct_peer_contact f";
            assertThat(single(s, "SELECT count(*) FROM a.fct_peer_contact")).isEqualTo(demo.validRows("peer_contacts"));
            assertThat(single(s, "SELECT count(*) FROM b.fct_peer_contact")).isEqualTo(demo.validRows("peer_contacts"));
            assertThat(single(s, "SELECT count(*) FROM ((" + a + ") EXCEPT ALL (" + b + "))")).isZero();
            assertThat(single(s, "SELECT count(*) FROM ((" + b + ") EXCEPT ALL (" + a + "))")).isZero();
            assertThat(single(s, "SELECT count(*) FROM read_parquet('" + interrupted.resolve("lake")
                    + "/*/*/batch=*/*.parquet', union_by_name = true)")).isEqualTo(demo.validRows());
            for (String table : new String[] {"fct_hospital_sequence", "fct_outcome_assessment", "fct_rights_event", "fct_position",
                    "fct_funding", "fct_training"}) {
                String lineage = "partner_id, source_sha256, source_line";
                assertThat(single(s, "SELECT count(*) FROM ((SELECT " + lineage + " FROM a." + table + ") EXCEPT ALL (SELECT " + lineage
                        + " FROM b." + table + "))")).as(table).isZero();
                assertThat(single(s, "SELECT count(*) FROM a." + table)).as(table).isEqualTo(single(s, "SELECT count(*) FROM b." + table));
            }
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Throws as the n-th part of the run is about to be committed, once. */
    /**
     * Fails once: before the given part of the night (counted over every partition), or, {@link #perPartition}, before
     * the given part of the first partition that has that many (whatever the order and size of the files).
     */
    static final class FailOnce implements fr.pairobs.batch.IngestListener {
        private final int failOnChunk;
        private final boolean eachPartition;
        private final AtomicInteger chunks = new AtomicInteger();
        private final Map<Long, AtomicInteger> partitionChunks = new ConcurrentHashMap<>();
        final AtomicInteger fired = new AtomicInteger();

        FailOnce(int failOnChunk) {
            this(failOnChunk, false);
        }

        private FailOnce(int failOnChunk, boolean eachPartition) {
            this.failOnChunk = failOnChunk;
            this.eachPartition = eachPartition;
        }

        static FailOnce perPartition(int failOnChunk) {
            return new FailOnce(failOnChunk, true);
        }

        @Override
        public void beforePartCommit(StepExecution partition, long rows) {
            int part = eachPartition ? partitionChunks.computeIfAbsent(partition.getId(), id -> new AtomicInteger()).incrementAndGet()
                    : chunks.incrementAndGet();
            if (part == failOnChunk && fired.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected fault before part " + failOnChunk);
            }
        }
    }
}
