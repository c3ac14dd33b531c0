package fr.pairobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PairObsApplication;
import fr.pairobs.PairObsProperties;
import fr.pairobs.batch.FeedSteps;
import fr.pairobs.batch.FileQuarantine;
import fr.pairobs.batch.RunParameters;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.demo.DemoScenario;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.pseudo.KeyRegistry;
import fr.pairobs.warehouse.WarehouseBuilder;
import fr.pairobs.warehouse.WarehouseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One PairObs application context on a home of its own, running seeds one after the other. Per seed the home's data
 * (inbox, landing, lake, rejects, warehouse, truth) is emptied, the demo exports of the seed are generated, the
 * nightly's own {@code pull:all → ingest → register:all} steps run as one job, and {@link WarehouseBuilder} builds the
 * warehouse from the lake with {@code sql/build.txt}. The night's checks, open release and publish are left out: they
 * change no estimate, and the release's disclosure protection costs minutes a night. The context (Spring, Flyway, the
 * job repository) is started once per slot, not per seed.
 */
final class EvaluationSlot implements AutoCloseable {
    /** After the demo's data end (2025-12-31): a fixed run date keeps a seed's lake, hence its estimates, the same. */
    static final LocalDate RUN_DATE = LocalDate.of(2026, 1, 5);
    private static final String[] DATA = {"inbox", "landing", "rejects", "warehouse", "demo"};

    private final int number;
    private final Path home;
    private final ConfigurableApplicationContext context;
    private final JobOperator operator;
    private final Job ingest;
    private final WarehouseBuilder builder;

    private EvaluationSlot(int number, Path home, ConfigurableApplicationContext context) {
        this.number = number;
        this.home = home;
        this.context = context;
        this.operator = context.getBean(JobOperator.class);
        this.builder = context.getBean(WarehouseBuilder.class);
        FeedSteps steps = context.getBean(FeedSteps.class);
        List<FeedSpec> feeds = List.copyOf(context.getBean(SpecCatalog.class).feeds().values());
        this.ingest = new JobBuilder("evaluation-ingest", context.getBean(JobRepository.class))
                .start(steps.pullAll(feeds))
                .next(steps.ingestAll(feeds))
                .next(steps.registerAll(feeds))
                .build();
    }

    /**
     * Starts a slot on a new home under {@code root}. Every slot pseudonymizes with the same key file, so that a seed gives
     * the same estimates whichever slot runs it.
     */
    static EvaluationSlot start(int number, Path root, Path keyFile, PairObsProperties project, int ingestThreads)
            throws IOException {
        Path home = root.resolve("slot-" + number);
        Benchmark.deleteRecursively(home);
        Files.createDirectories(home);
        String[] arguments = {
            "--pairobs.cli.enabled=false",
            "--pairobs.home=" + home,
            "--pairobs.config-dir=" + project.configDir(),
            "--pairobs.jobs-dir=" + project.jobsDir(),
            "--pairobs.sql-dir=" + project.sqlDir(),
            "--pairobs.pseudonym.key-file=" + keyFile,
            "--pairobs.pseudonym.key-env=PAIROBS_BENCH_NO_KEY",
            "--pairobs.ingest.threads=" + ingestThreads,
            // one line per seed from the benchmark, not a dozen from the steps (they still go to the slot's log file)
            "--logging.level.fr.pairobs=WARN"};
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PairObsApplication.class)
                .web(WebApplicationType.NONE).run(arguments);
        return new EvaluationSlot(number, home, context);
    }

    /** Runs one seed of a scenario; the truth file is copied to {@code truthCopy}. */
    SeedRun run(String scenario, long seed, double scale, Path truthCopy) throws Exception {
        long started = System.nanoTime();
        emptyData();
        generate(home, seed, scale, scenario);
        Files.createDirectories(truthCopy.getParent());
        Files.copy(home.resolve("demo/truth.json"), truthCopy, StandardCopyOption.REPLACE_EXISTING);
        long generated = System.nanoTime();

        JobExecution execution = operator.start(ingest, RunParameters.of(RUN_DATE, scenario + "-" + seed + "-" + System.nanoTime()));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException(scenario + " seed " + seed + ": the ingest ended " + execution.getStatus() + " "
                    + execution.getAllFailureExceptions() + "; see " + home.resolve("logs/pairobs.log"));
        }
        List<String> quarantined = FileQuarantine.quarantined(execution);
        long ingested = System.nanoTime();

        Path warehouse = home.resolve("warehouse/evaluation.duckdb");
        builder.build(warehouse);
        long built = System.nanoTime();

        List<SeedRun.Estimate> estimates = estimates(warehouse, truthCopy);
        long read = System.nanoTime();
        return new SeedRun(scenario, seed, number, seconds(started, generated), seconds(generated, ingested), seconds(ingested, built),
                seconds(built, read), quarantined, truthCopy, estimates);
    }

    /** The demo exports of the scenario ({@link DemoScenario}), its truth in {@code demo/truth.json}. */
    static void generate(Path home, long seed, double scale, String scenario) {
        new DemoExports().generate(home, seed, scale, DemoScenario.parse(scenario));
    }

    /** The home as new, but for its job repository, secrets and logs; the lake keeps its key registry (same key). */
    private void emptyData() throws IOException {
        for (String dir : DATA) {
            Benchmark.deleteRecursively(home.resolve(dir));
        }
        Path lake = home.resolve("lake");
        if (Files.isDirectory(lake)) {
            try (var entries = Files.list(lake)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().startsWith(KeyRegistry.FILE)) {
                        Benchmark.deleteRecursively(entry);
                    }
                }
            }
        }
    }

    /**
     * The region rows of the peer-support cohort of each hospital indicator, matched with the truth's effect of the same
     * indicator and year. A row without a status column (an earlier estimator) is estimated if it has an estimate; an
     * effect without a row, or a row without an estimate, is withheld.
     */
    static List<SeedRun.Estimate> estimates(Path warehouse, Path truthFile) throws SQLException, IOException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection connection = WarehouseReader.openReadOnly(warehouse); Statement statement = connection.createStatement()) {
            for (String indicator : EvaluationBenchmark.INDICATORS) {
                String view = "ind_" + indicator;
                Set<String> columns = columns(statement, view);
                String sql = "SELECT year, did_estimate, did_ci_low, did_ci_high, "
                        + (columns.contains("did_status") ? "did_status" : "NULL") + ", "
                        + (columns.contains("did_withheld_reason") ? "did_withheld_reason" : "NULL") + ", "
                        + (columns.contains("is_masked") ? "is_masked" : "false")
                        + " FROM " + view + " WHERE level = 'region' AND cohort = 'peer_support'";
                try (ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        int year = rs.getInt(1);
                        Row row = new Row(number(rs, 2), number(rs, 3), number(rs, 4), null);
                        if (row.estimate() == null || row.low() == null || row.high() == null || "withheld".equals(rs.getString(5))) {
                            String reason = rs.getString(6);
                            row = new Row(null, null, null, reason != null ? reason : rs.getBoolean(7) ? "masked" : "no estimate");
                        }
                        if (rows.put(indicator + " " + year, row) != null) {
                            throw new IllegalStateException(view + " has two region rows of the peer-support cohort for " + year
                                    + " in " + warehouse + ": the benchmark expects one");
                        }
                    }
                }
            }
        }
        List<SeedRun.Estimate> matched = new ArrayList<>();
        JsonNode truth = JsonMapper.builder().build().readTree(truthFile.toFile());
        for (JsonNode effect : truth.get("effects")) {
            if (!effect.path("level").asString("region").equals("region")
                    || !effect.path("measure").asString("did_estimate").equals("did_estimate")) {
                continue;
            }
            String indicator = effect.get("indicator").asString();
            int year = effect.get("year").asInt();
            Row row = rows.getOrDefault(indicator + " " + year, new Row(null, null, null, "no region row"));
            matched.add(new SeedRun.Estimate(indicator, year, effect.get("value").asDouble(), effect.path("people").asLong(),
                    row.estimate(), row.low(), row.high(), row.reason()));
        }
        return matched;
    }

    private static Set<String> columns(Statement statement, String view) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '" + view
                + "'")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("the warehouse has no view " + view);
        }
        return columns;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    int number() {
        return number;
    }

    @Override
    public void close() {
        context.close();
    }

    /** What a region row says, before it is matched with the truth. */
    private record Row(Double estimate, Double low, Double high, String reason) {
    }
}
