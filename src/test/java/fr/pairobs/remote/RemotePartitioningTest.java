package fr.pairobs.remote;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.ChildJvm;
import fr.pairobs.PairObsApplication;
import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest partitions run by {@code pairobs worker} processes over RabbitMQ, with the job repository on PostgreSQL: a
 * manager (this JVM) and two workers (child JVMs, one the real command line) share a home folder. One worker is killed
 * with SIGKILL in the middle of a partition: the manager names the partition and the worker, the night fails, and a
 * restart gives the lake and the warehouse of a local run of the same files, with no row written twice and no partition
 * completed twice; the broker restarted during that night loses no request and has none run twice. A worker whose
 * specs differ from the manager's is refused.
 */
class RemotePartitioningTest {
    private static final LocalDate DAY = LocalDate.of(2026, 2, 1);
    private static final String[] INGEST = {"pairobs.ingest.chunk-size=40", "pairobs.ingest.range-bytes=4000"};

    @TempDir
    Path shared;

    /** The same exports ingested by one process on local threads, with H2: what every remote night must give. */
    @TempDir
    static Path referenceRoot;

    private static Path reference;
    private static DemoExports.Result demo;

    private RemoteServices services;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void services() throws Exception {
        services = RemoteServices.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        if (services != null) {
            services.close();
        }
    }

    /** The shared home gets the reference's key and exports; the reference night runs once for the class. */
    private void sameExportsAsTheReference() throws Exception {
        if (reference == null) {
            Path home = referenceRoot.resolve("reference");
            PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
            demo = new DemoExports().generate(home, 11, 0.1);
            try (ConfigurableApplicationContext local = PipelineContexts.start(home, with(List.of(INGEST), "pairobs.ingest.threads=2"))) {
                JobRunner.Outcome outcome = local.getBean(JobRunner.class).run("nightly", DAY, null);
                assertThat(outcome.exitCode()).as(outcome.message()).isZero();
            }
            reference = home;
        }
        Files.createDirectories(shared.resolve("secrets"));
        Files.copy(reference.resolve("secrets/pseudonym.key"), shared.resolve("secrets/pseudonym.key"),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        new DemoExports().generate(shared, 11, 0.1);
    }

    @Test
    void testTheBrokerRestartedAndAWorkerKilledMidPartitionLoseNothingAndTheRestartGivesTheLocalRunsLakeAndWarehouse()
            throws Exception {
        sameExportsAsTheReference();

        Path gate = shared.resolve("halt-now");
        Path marker = shared.resolve("halted.txt");
        String partition;
        Process halting = startChild(ChildJvm.of(WorkerChild.class, concat(List.of(shared.toString(), marker.toString(), gate.toString()),
                workerProperties())), shared.resolve("worker-a.log"));
        Process steady = startChild(ChildJvm.of(PairObsApplication.class, concat(List.of("worker"), workerProperties().stream()
                .map(p -> "--" + p).toList())), shared.resolve("worker-b.log"));
        awaitWorkers(2, halting, steady);

        List<String> manager = new ArrayList<>(workerProperties());
        manager.add("pairobs.remote.enabled=true");
        try (ConfigurableApplicationContext context = PipelineContexts.start(shared, manager.toArray(String[]::new))) {
            JobRunner runner = context.getBean(JobRunner.class);
            ExecutorService night = Executors.newSingleThreadExecutor();
            Future<JobRunner.Outcome> running = night.submit(() -> runner.run("nightly", DAY, null));

            // once the workers are under way, with requests still waiting on the queue, the broker goes down and comes
            // back: the requests it held survive, those under way are acknowledged to nobody and delivered again
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (completedPartitions() < 1 && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(running.isDone()).as("night still under way").isFalse();
            if (rabbitmqctl("stop_app")) {
                long waiting = pendingPartitions();
                assertThat(rabbitmqctl("start_app")).isTrue();
                assertThat(waiting).as("partitions still to run while the broker was down").isPositive();
            }

            // then worker A stops in the middle of its next partition, and is killed there
            Files.createFile(gate);
            ChildJvm.awaitFile(marker, halting, Duration.ofMinutes(3), () -> assertThat(running.isDone()).as("night ended early").isFalse());
            assertThat(marker).as("worker A halted mid-partition: " + ChildJvm.tail(shared.resolve("worker-a.log"))).exists();
            List<String> halted = Files.readAllLines(marker);
            partition = halted.get(0);
            halting.destroyForcibly();
            assertThat(halting.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(halting.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

            JobRunner.Outcome failed = running.get(5, TimeUnit.MINUTES);
            night.shutdown();
            assertThat(failed.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(failed.message()).as("the failure names the partition and its worker").contains(partition)
                    .contains("worker " + WorkerId.hostName() + "/" + halting.pid()).contains("stopped answering");
            assertThat(Files.exists(shared.resolve("warehouse/current.duckdb"))).as("nothing published by the failed night").isFalse();

            // who ran what: every partition names its worker, and run-info sums each worker's share
            String info = runInfo(context, failed.execution().getId());
            assertThat(info).contains("ran by " + WorkerId.hostName() + "/" + halting.pid())
                    .contains("ran by " + WorkerId.hostName() + "/" + steady.pid());
            assertThat(info).containsPattern("worker " + WorkerId.hostName() + "/" + steady.pid() + ": \\d+ partition\\(s\\)");

            JobRunner.Outcome restarted = runner.restart(failed.execution().getId());
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
        }

        assertSameAsTheReferenceEachPartitionCompletedOnce();
        try (Connection c = services.connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(DISTINCT worker) FROM pairobs_partition")).isEqualTo(2);
            assertThat(strings(s, "SELECT step_name FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%' AND status <> 'COMPLETED'"))
                    .as("the one partition that failed is the killed worker's").containsExactly(partition);
        }
        assertThat(Files.readString(shared.resolve("worker-b.log"))).as("the killed worker's request, delivered again, is not run")
                .containsPattern("not run twice|its run has ended");
    }

    @Test
    void testAWorkerWhoseSpecsDifferIsRefused() throws Exception {
        PseudonymKey.generate("k1", shared.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(shared, 11, 0.05);
        Path jobs = shared.resolve("other-jobs");
        Files.createDirectories(jobs);
        try (var specs = Files.list(Path.of("jobs"))) {
            for (Path spec : specs.toList()) {
                Files.copy(spec, jobs.resolve(spec.getFileName()));
            }
        }
        Path changed = jobs.resolve("ch-le-vinatier.peer_contacts.yml");
        Files.writeString(changed, Files.readString(changed) + "\n# deployed on this worker only\n");
        Process other = startChild(ChildJvm.of(PairObsApplication.class, concat(List.of("worker", "--pairobs.jobs-dir=" + jobs),
                workerProperties().stream().map(p -> "--" + p).toList())), shared.resolve("worker-c.log"));
        awaitWorkers(1, other);

        List<String> manager = new ArrayList<>(workerProperties());
        manager.add("pairobs.remote.enabled=true");
        try (ConfigurableApplicationContext context = PipelineContexts.start(shared, manager.toArray(String[]::new))) {
            JobRunner.Outcome refused = context.getBean(JobRunner.class).run("ch-le-vinatier.peer_contacts", DAY, null);
            assertThat(refused.execution().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(refused.message()).contains("worker " + WorkerId.hostName() + "/" + other.pid() + " refused partition ingest:")
                    .contains("feed specs differ from the manager's");
        }
        assertThat(other.waitFor(1, TimeUnit.MINUTES)).as("the refusing worker stops").isTrue();
        assertThat(other.exitValue()).isEqualTo(4);
        try (Connection c = services.connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%' AND write_count > 0"))
                    .as("nothing ingested by the refusing worker").isZero();
        }
    }

    /** Lake and warehouse as the local run's; every row written once; every partition completed, and once only. */
    private void assertSameAsTheReferenceEachPartitionCompletedOnce() throws Exception {
        long rows = fr.pairobs.e2e.SameData.assertSameLake(shared.resolve("lake"), reference.resolve("lake"));
        assertThat(rows).isEqualTo(demo.validRows());
        fr.pairobs.e2e.SameData.assertSameWarehouse(shared.resolve("warehouse/current.duckdb"),
                reference.resolve("warehouse/current.duckdb"));
        try (Connection c = services.connect(); Statement s = c.createStatement()) {
            // every row written once: a killed partition's committed parts count once, its restart wrote the rest
            assertThat(single(s, "SELECT sum(write_count) FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%'"))
                    .isEqualTo(demo.validRows());
            List<String> completed = strings(s, "SELECT step_name FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%' "
                    + "AND status = 'COMPLETED'");
            Set<String> all = new HashSet<>(strings(s, "SELECT step_name FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%'"));
            assertThat(new HashSet<>(completed)).as("every partition completed").isEqualTo(all);
            assertThat(completed).as("no partition completed twice").doesNotHaveDuplicates();
            assertThat(all).as("ranged files").anyMatch(n -> n.matches("ingest:[^:]+:[0-9a-f]{16}-r\\d\\d"));
        }
    }

    private long completedPartitions() throws Exception {
        try (Connection c = services.connect(); Statement s = c.createStatement()) {
            return single(s, "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%' AND status = 'COMPLETED'");
        }
    }

    private long pendingPartitions() throws Exception {
        try (Connection c = services.connect(); Statement s = c.createStatement()) {
            return single(s, "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%' AND status = 'STARTING'");
        }
    }

    /**
     * Stops or starts the machine's RabbitMQ application (its durable queues kept on disk); false, with the reason
     * printed, where it cannot be done from here (a container's broker, no rabbitmqctl, not the broker's owner).
     */
    private boolean rabbitmqctl(String command) throws Exception {
        if (!services.local()) {
            System.out.println("broker restart not tried: the broker is a container's");
            return false;
        }
        Process ctl;
        try {
            ctl = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            System.out.println("broker restart not tried: rabbitmqctl not found");
            return false;
        }
        String out = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ctl.waitFor(2, TimeUnit.MINUTES)).isTrue();
        if (ctl.exitValue() != 0 && command.equals("stop_app")) {
            System.out.println("broker restart not tried: rabbitmqctl stop_app refused (" + out.strip() + ")");
            return false;
        }
        assertThat(ctl.exitValue()).as("rabbitmqctl %s: %s", command, out).isZero();
        return true;
    }

    private List<String> workerProperties() {
        List<String> properties = new ArrayList<>(services.properties());
        properties.addAll(List.of(INGEST));
        properties.addAll(List.of("pairobs.home=" + shared, "pairobs.pseudonym.key-file=" + shared.resolve("secrets/pseudonym.key"),
                "pairobs.pseudonym.key-env=PAIROBS_TEST_UNSET_KEY", "pairobs.report.pdf=off"));
        return properties;
    }

    private Process startChild(ProcessBuilder builder, Path log) throws Exception {
        services.environment(builder);
        Process child = builder.redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    /** Waits until {@code count} workers have registered in the job repository. */
    private void awaitWorkers(int count, Process... workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process worker : workers) {
                assertThat(worker.isAlive()).as("worker %d alive", worker.pid()).isTrue();
            }
            try (Connection c = services.connect(); Statement s = c.createStatement()) {
                if (single(s, "SELECT count(*) FROM pairobs_worker WHERE stopped_at IS NULL") >= count) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the schema is not migrated yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " worker(s) not registered within 2 minutes");
    }

    private static String runInfo(ConfigurableApplicationContext context, long execution) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new picocli.CommandLine(context.getBean(fr.pairobs.cli.RunInfoCommand.class)).execute(String.valueOf(execution)))
                    .isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String[] with(List<String> properties, String... more) {
        return concat(properties, List.of(more));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Statement s, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
