package fr.pairobs.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.warehouse.SqlScript;
import fr.pairobs.warehouse.WarehouseBuilder;
import fr.pairobs.warehouse.WarehouseReader;

import static java.util.Objects.requireNonNull;

/**
 * Measures, on the same generated export: PairObs ingest (in a child JVM, so that its peak RSS is its
 * own), the bare Commons CSV parse of the file (the floor), DuckDB's own CSV-to-Parquet copy (the
 * native baseline), the warehouse build from the lake and the ten indicator views; optionally a second
 * size for memory flatness and the two-core scaling. Prints a table and writes JSON.
 */
public final class Benchmark {
    public static final String FEED = "ch-le-vinatier.peer_contacts";
    private static final String[] INDICATORS = {"ind_hospitalisation", "ind_involuntary_care", "ind_readmission", "ind_recovery",
            "ind_engagement", "ind_satisfaction", "ind_rights", "ind_workforce", "ind_funding", "ind_training"};

    private final Path root;
    private final Path projectConfig;
    private final Path projectJobs;
    private final Path projectSql;
    private final List<String> childCommand;
    private final List<String> scalingChildCommand;

    /**
     * @param childCommand how to start PairObs in a child JVM (java [options] -jar pairobs.jar, or -cp ... main class)
     * @param scalingChildCommand the same for the two scaling runs (two files at once)
     */
    public Benchmark(Path root, Path projectConfig, Path projectJobs, Path projectSql, List<String> childCommand,
            List<String> scalingChildCommand) {
        this.root = requireNonNull(root, "root is null");
        this.projectConfig = projectConfig;
        this.projectJobs = projectJobs;
        this.projectSql = projectSql;
        this.childCommand = List.copyOf(childCommand);
        this.scalingChildCommand = List.copyOf(scalingChildCommand);
    }

    public Map<String, Object> run(long rows, long compareRows, boolean scaling) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("timestamp", LocalDateTime.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("rows", rows);

        Path home = root.resolve("home-" + rows);
        Path file = prepareHome(home, rows, 1).get(0);
        long bytes = Files.size(file);
        result.put("file_mb", round(bytes / 1e6));

        double csvSeconds = commonsCsvFloor(file);
        result.put("csv_floor_rows_per_s", Math.round(rows / csvSeconds));
        double duckSeconds = duckDbNative(file, home.resolve("duckdb-native.parquet"));
        result.put("duckdb_native_rows_per_s", Math.round(rows / duckSeconds));

        Ingest ingest = ingest(home, 2, null);
        result.put("ingest_rows_per_s", Math.round(ingest.rows / ingest.seconds));
        result.put("ingest_mb_per_s", round(bytes / 1e6 / ingest.seconds));
        result.put("ingest_rows", ingest.rows);
        result.put("ingest_peak_rss_mb", round(ingest.peakRssKb / 1024.0));
        result.put("ingest_jvm_options", childCommand.stream().filter(o -> o.startsWith("-X")).toList());
        result.put("ingest_vs_csv_floor", significant(csvSeconds / ingest.seconds));
        result.put("ingest_vs_duckdb", significant(duckSeconds / ingest.seconds));

        Path warehouse = home.resolve("warehouse-bench.duckdb");
        SpecCatalog catalog = SpecCatalog.load(projectConfig, projectJobs);
        long start = System.nanoTime();
        new WarehouseBuilder(catalog, new LakeLayout(home.resolve("lake")), projectSql, projectConfig).build(warehouse);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        long facts = single(warehouse, "SELECT count(*) FROM fct_peer_contact");
        result.put("build_seconds", round(buildSeconds));
        result.put("build_fact_rows_per_s", Math.round(facts / buildSeconds));
        Map<String, Object> views = new LinkedHashMap<>();
        double viewsTotal = 0;
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement()) {
            for (String view : INDICATORS) {
                long t = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + view)) {
                    while (rs.next()) {
                        // read every row, as a client would
                    }
                }
                double ms = (System.nanoTime() - t) / 1e6;
                viewsTotal += ms;
                views.put(view, round(ms));
            }
        }
        result.put("indicator_views_ms", views);
        result.put("indicator_views_total_ms", round(viewsTotal));

        if (compareRows > 0) {
            Path small = root.resolve("home-" + compareRows);
            prepareHome(small, compareRows, 1);
            Ingest other = ingest(small, 2, null);
            result.put("compare_rows", compareRows);
            result.put("compare_peak_rss_mb", round(other.peakRssKb / 1024.0));
            result.put("peak_rss_ratio", round((double) ingest.peakRssKb / other.peakRssKb));
        }
        if (scaling) {
            long half = Math.max(1, rows / 2);
            Path one = root.resolve("scaling-1");
            prepareHome(one, half, 1);
            Ingest single = ingest(one, 1, "0", scalingChildCommand);
            Path two = root.resolve("scaling-2");
            prepareHome(two, half, 2);
            Ingest pair = ingest(two, 2, "0,1", scalingChildCommand);
            double singleRate = single.rows / single.seconds;
            double pairRate = pair.rows / pair.seconds;
            result.put("scaling_one_file_one_core_rows_per_s", Math.round(singleRate));
            result.put("scaling_two_files_two_cores_rows_per_s", Math.round(pairRate));
            result.put("scaling_factor", round(pairRate / singleRate));
            result.put("scaling_method", "taskset -c 0 with pairobs.ingest.threads=1, then taskset -c 0,1 with threads=2; both "
                    + scalingChildCommand.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse("default heap"));
        }
        return result;
    }

    static List<Path> prepareHome(Path home, long rows, int files) throws IOException {
        deleteRecursively(home);
        Path inbox = Files.createDirectories(home.resolve("inbox/ch-le-vinatier"));
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path file = inbox.resolve("contacts_msp_2099-T" + (i + 1) + ".csv");
            BenchExport.write(file, rows, 17 + i);
            written.add(file);
        }
        return written;
    }

    private static double commonsCsvFloor(Path file) throws IOException {
        long start = System.nanoTime();
        long touched = 0;
        try (Reader reader = new java.io.InputStreamReader(BOMInputStream.builder().setInputStream(Files.newInputStream(file)).get(),
                Charset.forName("windows-1252"));
                CSVParser parser = CSVParser.builder().setReader(reader)
                        .setFormat(CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord record : parser) {
                for (String value : record.values()) {
                    touched += value.length();
                }
            }
        }
        if (touched == 0) {
            throw new IllegalStateException("the benchmark file is empty");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** DuckDB alone, running {@code sql/bench/duckdb_native.sql} on the export. */
    private double duckDbNative(Path file, Path target) throws Exception {
        Files.deleteIfExists(target);
        List<String> statements = SqlScript.read(projectSql.resolve("bench").resolve("duckdb_native.sql"),
                Map.of("csv", WarehouseBuilder.sqlPath(file), "parquet", WarehouseBuilder.sqlPath(target))).statements();
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Runs the feed's ingest in a child JVM; the figures come from its job repository and /proc. */
    private Ingest ingest(Path home, int threads, String cpus) throws Exception {
        return ingest(home, threads, cpus, childCommand);
    }

    private Ingest ingest(Path home, int threads, String cpus, List<String> childCommand) throws Exception {
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(childCommand);
        command.addAll(List.of("--pairobs.home=" + home, "--pairobs.ingest.threads=" + threads, "--pairobs.pseudonym.key-env=PAIROBS_BENCH_NO_KEY",
                "run", FEED, "--rerun", "--report-peak-rss"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the ingest run failed:\n" + output);
        }
        long peak = output.lines().filter(l -> l.startsWith("peak_rss_kb=")).map(l -> Long.parseLong(l.substring(12).strip()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no peak RSS reported:\n" + output));
        String url = "jdbc:h2:file:" + home.resolve("repository/pairobs");
        String password = fr.pairobs.security.RepositoryPassword.passwordFor(url, "sa", home.resolve("secrets/repository.password"));
        try (Connection c = DriverManager.getConnection(url, "sa", password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DATEDIFF('MILLISECOND', START_TIME, END_TIME), "
                        + "(SELECT sum(WRITE_COUNT) FROM BATCH_STEP_EXECUTION w WHERE w.JOB_EXECUTION_ID = m.JOB_EXECUTION_ID "
                        + "AND w.STEP_NAME LIKE 'ingest:%:%') FROM BATCH_STEP_EXECUTION m WHERE STEP_NAME = 'ingest:" + FEED + "' "
                        + "ORDER BY STEP_EXECUTION_ID DESC LIMIT 1")) {
            rs.next();
            return new Ingest(rs.getLong(2), rs.getLong(1) / 1000.0, peak);
        }
    }

    private static long single(Path warehouse, String sql) throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Three significant digits: a ratio of a small run can be far below 0.01 and must not read as zero. */
    private static double significant(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).doubleValue();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public static String timestamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private record Ingest(long rows, double seconds, long peakRssKb) {
    }
}
