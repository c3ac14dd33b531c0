package fr.pairobs.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code pairobs bench --workers N}: the same files ingested by one process on N local threads (pinned to N cores), then
 * by N {@code pairobs worker} processes pinned to one core each, the manager and RabbitMQ sharing those cores. Both runs
 * use the postgres profile on a database of their own, created on the server of {@code PAIROBS_BENCH_POSTGRES_URL}
 * (default: the machine's, as postgres) and dropped afterwards, and the machine's RabbitMQ. Prints the rows per second
 * of each, their ratio, and the dispatch overhead per partition: on each worker, the time from the end of one partition
 * to the claim of the next (acknowledgement, delivery, job repository reads, claim), averaged.
 */
public final class WorkerBenchmark {
    private static final String DEFAULT_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final Path root;
    private final List<String> childCommand;
    private final String adminUrl;

    public WorkerBenchmark(Path root, List<String> childCommand, String adminUrl) {
        this.root = requireNonNull(root, "root is null");
        this.childCommand = List.copyOf(childCommand);
        this.adminUrl = adminUrl == null || adminUrl.isBlank() ? DEFAULT_POSTGRES : adminUrl;
    }

    public Map<String, Object> run(long rows, int workers, long rangeBytes) throws Exception {
        String database = "pairobs_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String queue = "pairobs.bench." + database.substring("pairobs_bench_".length());
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        List<Process> started = new ArrayList<>();
        try {
            List<String> common = List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=", "--spring.datasource.password=", "--pairobs.remote.queue=" + queue,
                    "--pairobs.ingest.range-bytes=" + rangeBytes, "--pairobs.pseudonym.key-env=PAIROBS_BENCH_NO_KEY");
            String cores = cores(workers);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("timestamp", LocalDateTime.now().toString());
            result.put("rows", rows);
            result.put("files", workers);
            result.put("range_bytes", rangeBytes);

            Path localHome = root.resolve("workers-local");
            Benchmark.prepareHome(localHome, Math.max(1, rows / workers), workers);
            List<String> local = new ArrayList<>(List.of("taskset", "-c", cores));
            local.addAll(childCommand);
            local.addAll(common);
            local.addAll(List.of("--pairobs.home=" + localHome, "--pairobs.ingest.threads=" + workers, "run", Benchmark.FEED, "--rerun"));
            runToEnd(local);
            Ingest threads = ingest(url, localHome.toString());

            Path remoteHome = root.resolve("workers-remote");
            Benchmark.prepareHome(remoteHome, Math.max(1, rows / workers), workers);
            for (int w = 0; w < workers; w++) {
                List<String> worker = new ArrayList<>(List.of("taskset", "-c", String.valueOf(w)));
                worker.addAll(childCommand);
                worker.addAll(common);
                worker.addAll(List.of("--pairobs.home=" + remoteHome, "--pairobs.remote.worker-threads=1", "worker"));
                started.add(new ProcessBuilder(worker).redirectErrorStream(true)
                        .redirectOutput(root.resolve("worker-" + w + ".log").toFile()).start());
            }
            awaitWorkers(url, workers, started);
            List<String> manager = new ArrayList<>(List.of("taskset", "-c", cores));
            manager.addAll(childCommand);
            manager.addAll(common);
            manager.addAll(List.of("--pairobs.home=" + remoteHome, "--pairobs.remote.enabled=true", "run", Benchmark.FEED, "--rerun"));
            runToEnd(manager);
            Ingest remote = ingest(url, remoteHome.toString());
            if (remote.rows != threads.rows) {
                throw new IllegalStateException("the two runs wrote " + threads.rows + " and " + remote.rows + " rows");
            }

            result.put("partitions", remote.partitions);
            result.put("local_threads", workers);
            result.put("local_rows_per_s", Math.round(threads.rows / threads.seconds));
            result.put("local_seconds", round(threads.seconds));
            result.put("workers", workers);
            result.put("workers_rows_per_s", Math.round(remote.rows / remote.seconds));
            result.put("workers_seconds", round(remote.seconds));
            result.put("workers_vs_local_threads", round(threads.seconds / remote.seconds));
            result.put("dispatch_overhead_ms_per_partition", round(dispatchGapMs(url)));
            result.put("first_claim_ms", round(firstClaimMs(url)));
            result.put("method", "local: taskset -c " + cores + " with pairobs.ingest.threads=" + workers + "; workers: each pinned with "
                    + "taskset -c <core>, worker-threads 1, manager on cores " + cores + "; RabbitMQ unpinned on the same machine; "
                    + "times are the ingest step's, from the job repository");
            return result;
        } finally {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static String cores(int n) {
        StringBuilder cores = new StringBuilder();
        for (int i = 0; i < n; i++) {
            cores.append(i == 0 ? "" : ",").append(i);
        }
        return cores.toString();
    }

    private static void runToEnd(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the ingest run failed:\n" + output);
        }
    }

    private static void awaitWorkers(String url, int workers, List<Process> started) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : started) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a worker stopped at start; see its log beside the benchmark's files");
                }
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM PAIROBS_WORKER WHERE STOPPED_AT IS NULL")) {
                rs.next();
                if (rs.getInt(1) >= workers) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // not migrated yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(workers + " workers not started within 2 minutes");
    }

    /** The last ingest step of the feed run on {@code home}: its duration, rows written and partitions. */
    private static Ingest ingest(String url, String home) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT m.START_TIME, m.END_TIME, (SELECT sum(WRITE_COUNT) FROM BATCH_STEP_EXECUTION w "
                        + "WHERE w.JOB_EXECUTION_ID = m.JOB_EXECUTION_ID AND w.STEP_NAME LIKE 'ingest:%:%'), (SELECT count(*) FROM "
                        + "BATCH_STEP_EXECUTION w WHERE w.JOB_EXECUTION_ID = m.JOB_EXECUTION_ID AND w.STEP_NAME LIKE 'ingest:%:%') "
                        + "FROM BATCH_STEP_EXECUTION m WHERE m.STEP_NAME = 'ingest:" + Benchmark.FEED + "' ORDER BY m.STEP_EXECUTION_ID DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("no ingest step recorded for " + home);
            }
            Timestamp start = rs.getTimestamp(1);
            Timestamp end = rs.getTimestamp(2);
            return new Ingest(rs.getLong(3), (end.getTime() - start.getTime()) / 1000.0, rs.getLong(4));
        }
    }

    /** On each worker, from the end of a partition to the claim of its next one, averaged over all workers. */
    private static double dispatchGapMs(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT avg(EXTRACT(EPOCH FROM (CLAIMED_AT - previous_end)) * 1000) FROM (SELECT CLAIMED_AT, "
                        + "lag(ENDED_AT) OVER (PARTITION BY WORKER ORDER BY CLAIMED_AT) AS previous_end FROM PAIROBS_PARTITION) g "
                        + "WHERE previous_end IS NOT NULL")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    /** From the manager's ingest step start to the first claim by a worker: splitting, sending, delivering. */
    private static double firstClaimMs(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM ((SELECT min(CLAIMED_AT) FROM PAIROBS_PARTITION) - (SELECT "
                        + "START_TIME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'ingest:" + Benchmark.FEED + "' ORDER BY STEP_EXECUTION_ID "
                        + "DESC LIMIT 1))) * 1000")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private record Ingest(long rows, double seconds, long partitions) {
    }
}
