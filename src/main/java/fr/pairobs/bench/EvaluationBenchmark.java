package fr.pairobs.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import fr.pairobs.PairObsProperties;
import fr.pairobs.demo.DemoScenario;
import fr.pairobs.pseudo.PseudonymKey;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * {@code pairobs bench --evaluation}: a simulation study of the hospital indicators' difference-in-differences. For each
 * scenario and seed, the demo exports are generated with their truth, the real ingest and warehouse build run on them
 * ({@link EvaluationSlot}), and the region estimates of the peer-support cohort are compared with the planted effects
 * ({@link EvaluationSummary}). Seeds run in parallel slots, each an application context on a home of its own. Prints
 * a table and writes {@code <home>/bench/evaluation-<timestamp>.json} with every seed's estimates, and the truth files
 * under {@code <home>/bench/evaluation-<timestamp>/truth/}.
 */
public final class EvaluationBenchmark {
    /** The hospital indicators with a difference-in-differences: the truth's names, {@code ind_<name>} in the warehouse. */
    static final List<String> INDICATORS = List.of("hospitalisation", "involuntary_care", "readmission");
    /** The scenarios of the study: under a null scenario nothing is planted, a significant estimate is a false positive. */
    public static final List<String> SCENARIOS = DemoScenario.names();

    private final Path home;
    private final PairObsProperties project;
    private final PrintStream out;

    public EvaluationBenchmark(PairObsProperties project, PrintStream out) {
        this.project = requireNonNull(project, "project is null");
        this.home = project.home();
        this.out = requireNonNull(out, "out is null");
    }

    /** What to run: seeds {@code firstSeed} to {@code firstSeed + seeds - 1} of each scenario, on {@code parallel} slots. */
    public record Options(int seeds, long firstSeed, List<String> scenarios, double scale, int parallel) {
        public Options {
            if (seeds < 1 || parallel < 1 || !(scale > 0)) {
                throw new IllegalArgumentException("--seeds and --parallel must be at least 1 and --scale positive");
            }
            scenarios = List.copyOf(scenarios);
            for (String scenario : scenarios) {
                if (!SCENARIOS.contains(scenario)) {
                    throw new IllegalArgumentException("unknown scenario '" + scenario + "'; scenarios are: " + String.join(", ", SCENARIOS));
                }
            }
        }

        /** Every scenario the generator generates. */
        public static List<String> defaultScenarios() {
            return SCENARIOS;
        }
    }

    static boolean isNull(String scenario) {
        return !DemoScenario.parse(scenario).effect();
    }

    /** Runs the study and writes its JSON; returns the file. */
    public Path run(Options options) throws Exception {
        String timestamp = Benchmark.timestamp();
        Path json = home.resolve("bench").resolve("evaluation-" + timestamp + ".json");
        for (int i = 2; Files.exists(json); i++) {
            json = home.resolve("bench").resolve("evaluation-" + timestamp + "-" + i + ".json");
        }
        Path truthDir = home.resolve("bench").resolve(json.getFileName().toString().replace(".json", "")).resolve("truth");
        Path work = home.resolve("bench").resolve("work").resolve("evaluation");
        // one key for every slot and every run, so that a seed always gives the same pseudonyms and the same estimates
        Path key = work.resolve("pseudonym.key");
        if (!Files.exists(key)) {
            PseudonymKey.generate("k1", key);
        }

        ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
        for (String scenario : options.scenarios()) {
            for (int i = 0; i < options.seeds(); i++) {
                tasks.add(new Task(tasks.size(), scenario, options.firstSeed() + i));
            }
        }
        int total = tasks.size();
        int parallel = Math.min(options.parallel(), total);
        int cores = Runtime.getRuntime().availableProcessors();
        int ingestThreads = Math.max(1, cores / parallel);

        long started = System.nanoTime();
        List<EvaluationSlot> slots = new ArrayList<>();
        SeedRun[] runs = new SeedRun[total];
        double startSeconds;
        try {
            // one after the other: each start sets up the JVM's logging
            for (int i = 0; i < parallel; i++) {
                slots.add(EvaluationSlot.start(i, work, key, project, ingestThreads));
            }
            startSeconds = (System.nanoTime() - started) / 1e9;
            out.printf("evaluation: %d scenario(s) x %d seed(s) at scale %s on %d slot(s) (ingest threads %d each); contexts started in "
                    + "%.1f s%n", options.scenarios().size(), options.seeds(), options.scale(), parallel, ingestThreads, startSeconds);
            runAll(slots, tasks, runs, options.scale(), truthDir);
        } finally {
            slots.forEach(EvaluationSlot::close);
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9 - startSeconds;

        List<SeedRun> done = List.of(runs);
        List<EvaluationSummary.Cell> cells = EvaluationSummary.cells(done);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("timestamp", LocalDateTime.now().toString());
        result.put("cores", cores);
        result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("scenarios", options.scenarios());
        result.put("seeds", options.seeds());
        result.put("first_seed", options.firstSeed());
        result.put("scale", options.scale());
        result.put("parallel", parallel);
        result.put("ingest_threads_per_slot", ingestThreads);
        result.put("run_date", EvaluationSlot.RUN_DATE.toString());
        result.put("method", "per seed: DemoExports.generate, then the nightly's pull:all, ingest and register:all steps and "
                + "WarehouseBuilder (sql/build.txt) on a home of the slot's own; estimates are the region rows of the "
                + "peer_support cohort of ind_<indicator>, matched with demo/truth.json by indicator and year");
        result.put("targets", Map.of("coverage_min", EvaluationSummary.COVERAGE_MIN, "coverage_max", EvaluationSummary.COVERAGE_MAX,
                "false_positive_max", EvaluationSummary.FALSE_POSITIVE_MAX, "relative_bias_max", EvaluationSummary.RELATIVE_BIAS_MAX));
        result.put("timing", timing(done, wallSeconds, startSeconds));
        result.put("cells", cells.stream().map(EvaluationSummary.Cell::json).toList());
        result.put("seed_runs", done.stream().map(SeedRun::json).toList());
        Files.createDirectories(json.getParent());
        Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(result));

        print(cells, done, wallSeconds);
        out.println("written to " + json);
        return json;
    }

    /** Each slot takes the next seed until none is left; the first failure stops the others after their seed. */
    private void runAll(List<EvaluationSlot> slots, ConcurrentLinkedQueue<Task> tasks, SeedRun[] runs, double scale, Path truthDir)
            throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(slots.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (EvaluationSlot slot : slots) {
                futures.add(pool.submit(() -> {
                    Task task;
                    while (!failed.get() && (task = tasks.poll()) != null) {
                        try {
                            SeedRun run = slot.run(task.scenario(), task.seed(), scale,
                                    truthDir.resolve(task.scenario()).resolve("seed-" + task.seed() + ".json"));
                            runs[task.index()] = run;
                            out.printf("%-24s seed %-5d %6.1f s (generate %.1f, ingest %.1f, build %.1f)  [%d/%d]%n", task.scenario(),
                                    task.seed(), run.seconds(), run.generateSeconds(), run.ingestSeconds(), run.buildSeconds(),
                                    finished.incrementAndGet(), runs.length);
                        } catch (Exception | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> timing(List<SeedRun> runs, double wallSeconds, double startSeconds) {
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("seconds_per_seed", EvaluationSummary.round(runs.stream().mapToDouble(SeedRun::seconds).average().orElse(0), 2));
        timing.put("wall_seconds_per_seed", EvaluationSummary.round(wallSeconds / runs.size(), 2));
        timing.put("generate_seconds", EvaluationSummary.round(runs.stream().mapToDouble(SeedRun::generateSeconds).average().orElse(0), 2));
        timing.put("ingest_seconds", EvaluationSummary.round(runs.stream().mapToDouble(SeedRun::ingestSeconds).average().orElse(0), 2));
        timing.put("build_seconds", EvaluationSummary.round(runs.stream().mapToDouble(SeedRun::buildSeconds).average().orElse(0), 2));
        timing.put("read_seconds", EvaluationSummary.round(runs.stream().mapToDouble(SeedRun::readSeconds).average().orElse(0), 2));
        timing.put("context_start_seconds", EvaluationSummary.round(startSeconds, 2));
        timing.put("wall_seconds", EvaluationSummary.round(wallSeconds, 2));
        return timing;
    }

    private void print(List<EvaluationSummary.Cell> cells, List<SeedRun> runs, double wallSeconds) {
        out.println();
        String format = "%-22s %-16s %-4s %4s %8s %10s %10s %9s %8s %9s %9s %13s %16s  %s%n";
        out.printf(format, "scenario", "indicator", "year", "n", "withheld", "mean est", "mean truth", "bias", "rel bias", "sd est",
                "mean se", "coverage", "significant", "misses");
        for (EvaluationSummary.Cell c : cells) {
            out.printf(format, c.scenario(), c.indicator(), c.year(), c.n(), percent(c.withheldShare()), number(c.meanEstimate()),
                    number(c.meanTruth()), number(c.bias()), c.relativeBias() == null ? "-" : percent(c.relativeBias()),
                    number(c.sdEstimate()), number(c.meanStandardError()), withError(c.coverage(), c.coverageMcse()),
                    (c.nullScenario() ? "fp " : "power ") + withError(c.significantShare(), c.significantMcse()),
                    c.misses().isEmpty() ? "ok" : String.join(", ", c.misses()));
        }
        out.println();
        out.printf("targets: coverage %.0f-%.1f %%, false positives under null <= %.0f %%, |bias| <= %.0f %% of the effect; "
                + "± is the Monte Carlo standard error sqrt(p (1 - p) / n)%n", EvaluationSummary.COVERAGE_MIN * 100,
                EvaluationSummary.COVERAGE_MAX * 100, EvaluationSummary.FALSE_POSITIVE_MAX * 100, EvaluationSummary.RELATIVE_BIAS_MAX * 100);
        long quarantined = runs.stream().filter(r -> !r.quarantined().isEmpty()).count();
        out.printf("seeds run: %d; %.1f s a seed in its slot (generate %.1f, ingest %.1f, build %.1f), %.1f s of wall time a seed%s%n",
                runs.size(), runs.stream().mapToDouble(SeedRun::seconds).average().orElse(0),
                runs.stream().mapToDouble(SeedRun::generateSeconds).average().orElse(0),
                runs.stream().mapToDouble(SeedRun::ingestSeconds).average().orElse(0),
                runs.stream().mapToDouble(SeedRun::buildSeconds).average().orElse(0), wallSeconds / runs.size(),
                quarantined == 0 ? "" : "; " + quarantined + " seed(s) with a file quarantined (see the JSON)");
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format("%.4f", value);
    }

    private static String percent(double share) {
        return String.format("%.1f %%", share * 100);
    }

    private static String withError(Double share, Double mcse) {
        return share == null ? "-" : String.format("%.1f±%.1f %%", share * 100, mcse * 100);
    }

    private record Task(int index, String scenario, long seed) {
    }
}
