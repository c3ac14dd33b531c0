package fr.pairobs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files cut into byte ranges and ingested range by range on two threads, with a fault half-way and a
 * restart, give the lake rows (line numbers included) and the rejects of files read whole.
 */
class RangedIngestTest {
    @TempDir
    Path ranged;

    @TempDir
    Path whole;

    @Test
    void testRangedIngestWithARestartGivesTheRowsAndRejectsOfWholeFiles() throws Exception {
        Path keyFile = ranged.resolve("secrets/pseudonym.key");
        PseudonymKey.generate("k1", keyFile);
        Files.createDirectories(whole.resolve("secrets"));
        Files.copy(keyFile, whole.resolve("secrets/pseudonym.key"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        DemoExports.Result demo = new DemoExports().generate(ranged, 11, 0.1);
        new DemoExports().generate(whole, 11, 0.1);
        LocalDate day = LocalDate.of(2026, 2, 1);

        IngestRestartTest.FailOnce fault = new IngestRestartTest.FailOnce(6);
        try (ConfigurableApplicationContext context = PipelineContexts.start(ranged,
                c -> c.registerBean("fault", IngestRestartTest.FailOnce.class, () -> fault), "pairobs.ingest.chunk-size=20",
                "pairobs.ingest.threads=2", "pairobs.ingest.range-bytes=1500")) {
            JobRunner runner = context.getBean(JobRunner.class);
            JobRunner.Outcome failed = runner.run("nightly", day, null);
            assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.message()).contains("injected fault");
            assertThat(failed.execution().getStepExecutions().stream().map(s -> s.getStepName())
                    .filter(n -> n.matches("ingest:[^:]+:[0-9a-f]{16}-r\\d\\d"))).as("partitions of ranges").isNotEmpty();
            JobRunner.Outcome restarted = runner.restart(failed.execution().getId());
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();

            // 'pairobs rejects' finds the rejects file of each range
            java.util.Set<String> printed = new java.util.HashSet<>();
            List<String> files = new java.util.ArrayList<>();
            for (long execution : new long[] {failed.execution().getId(), restarted.execution().getId()}) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                java.io.PrintStream original = System.out;
                System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
                try {
                    assertThat(new picocli.CommandLine(context.getBean(fr.pairobs.cli.RejectsCommand.class))
                            .execute(String.valueOf(execution))).isZero();
                } finally {
                    System.setOut(original);
                }
                for (String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList()) {
                    if (line.startsWith("# ")) {
                        files.add(line);
                    } else if (!line.startsWith("file,") && !line.startsWith("execution ")) {
                        printed.add(line.substring(0, line.lastIndexOf(',')));
                    }
                }
            }
            assertThat(files).anyMatch(f -> f.matches("# ingest:[^:]+:[0-9a-f]{16}-r\\d\\d .*rejects-r\\d\\d\\.csv"));
            assertThat(printed).as("rejected rows printed, without the run id").hasSize(demo.rejectedRows());
        }
        try (ConfigurableApplicationContext context = PipelineContexts.start(whole, "pairobs.ingest.range-bytes=1000000000")) {
            JobRunner.Outcome clean = context.getBean(JobRunner.class).run("nightly", day, null);
            assertThat(clean.exitCode()).as(clean.message()).isZero();
        }

        int cut = 0;
        try (Stream<Path> walk = Files.walk(ranged.resolve("lake"))) {
            for (Path ranges : walk.filter(p -> p.getFileName().toString().equals("_RANGES")).toList()) {
                assertThat(ranges.getParent().getFileName().toString()).startsWith("batch=");
                cut += Files.readAllLines(ranges).size() > 2 ? 1 : 0;
            }
        }
        assertThat(cut).as("batches read in three ranges or more").isGreaterThan(3);
        try (Stream<Path> walk = Files.walk(ranged.resolve("lake"))) {
            assertThat(walk.filter(p -> p.toString().endsWith(".inprogress"))).isEmpty();
        }

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long rows = SameData.assertSameLake(ranged.resolve("lake"), whole.resolve("lake"));
            assertThat(rows).isEqualTo(demo.validRows());

            String columns = "file, sha256, line, \"column\", field, reason";
            String a = "SELECT " + columns + " FROM read_csv('" + ranged.resolve("rejects") + "/**/rejects*.csv', all_varchar = true)";
            String b = "SELECT " + columns + " FROM read_csv('" + whole.resolve("rejects") + "/**/rejects*.csv', all_varchar = true)";
            long rejects = single(s, "SELECT count(*) FROM (" + b + ")");
            assertThat(rejects).isEqualTo(demo.rejectedRows()).isGreaterThan(0);
            assertThat(single(s, "SELECT count(*) FROM (" + a + ")")).isEqualTo(rejects);
            assertThat(single(s, "SELECT count(*) FROM (" + a + " EXCEPT ALL " + b + ")")).isZero();
            assertThat(single(s, "SELECT count(*) FROM (" + b + " EXCEPT ALL " + a + ")")).isZero();
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
