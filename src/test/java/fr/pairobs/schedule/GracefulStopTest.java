package fr.pairobs.schedule;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.ChildJvm;
import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a running {@code pairobs scheduler}: the running job stops after the chunk under way
 * commits and is left STOPPED (not STARTED, no recover needed); a restart then completes it with
 * every valid row in the warehouse exactly once.
 */
class GracefulStopTest {
    static final String MARKER = "ingesting.txt";
    static final String[] PROPERTIES = {"pairobs.ingest.chunk-size=20", "pairobs.ingest.threads=1"};

    @TempDir
    Path home;

    @Test
    void testSigtermStopsAfterTheCurrentChunkAndTheRunRestartsToTheFullResult() throws Exception {
        PseudonymKey.generate("stop", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 5, 0.05);
        Path log = home.resolve("scheduler.log");
        Process scheduler = ChildJvm.of(GracefulStopChild.class, home.toString()).redirectOutput(log.toFile()).start();
        try {
            ChildJvm.awaitFile(home.resolve(MARKER), scheduler, Duration.ofMinutes(2), () -> { });
            assertThat(home.resolve(MARKER)).as("the run is ingesting; scheduler output:%n%s", ChildJvm.tail(log)).exists();
            scheduler.destroy(); // SIGTERM
            assertThat(scheduler.waitFor(90, TimeUnit.SECONDS)).as("stops within 90 s").isTrue();
        } finally {
            scheduler.destroyForcibly();
        }
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("after its current chunk");

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, PROPERTIES)) {
            JobRepository repository = context.getBean(JobRepository.class);
            List<JobInstance> instances = repository.getJobInstances("nightly", 0, 10);
            assertThat(instances).hasSize(1);
            JobExecution stopped = repository.getLastJobExecution(instances.get(0));
            assertThat(stopped.getStatus()).as("stopped cleanly, no recover needed").isEqualTo(BatchStatus.STOPPED);
            List<StepExecution> steps = List.copyOf(stopped.getStepExecutions());
            assertThat(steps).extracting(StepExecution::getStatus).doesNotContain(BatchStatus.STARTED, BatchStatus.STOPPING);
            assertThat(steps).filteredOn(s -> s.getStatus() == BatchStatus.STOPPED).isNotEmpty();
            assertThat(home.resolve("warehouse/current.duckdb")).doesNotExist();

            JobRunner.Outcome restarted = context.getBean(JobRunner.class).restart(stopped.getId());
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM fct_peer_contact")).isEqualTo(demo.validRows("peer_contacts"));
            assertThat(single(s, "SELECT count(*) - count(DISTINCT (partner_id, source_sha256, source_line)) FROM fct_peer_contact"))
                    .as("no row twice").isZero();
            assertThat(single(s, "SELECT count(*) FROM read_parquet('" + home.resolve("lake")
                    + "/*/*/batch=*/*.parquet', union_by_name = true)")).isEqualTo(demo.validRows());
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
