package fr.pairobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.PairObsProperties;
import fr.pairobs.bench.Benchmark;
import fr.pairobs.bench.EvaluationBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark on a generated CH Le Vinatier export of N rows: PairObs ingest (child JVM: rows/s, MB/s, peak RSS), "
                + "the Commons CSV parsing floor, DuckDB's native CSV-to-Parquet copy, the warehouse build and the ten indicator "
                + "views. Prints a table and writes <home>/bench/<timestamp>.json. With --evaluation: the simulation study of the "
                + "hospital indicators' difference-in-differences over generated observatories (bias, coverage, false positives, "
                + "power), written to <home>/bench/evaluation-<timestamp>.json.")
public final class BenchCommand implements Callable<Integer> {
    private final PairObsProperties properties;

    @Option(names = "--rows", defaultValue = "5000000", description = "rows of the export (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--compare-rows", defaultValue = "1000000",
            description = "a second, smaller ingest for the peak-memory comparison; 0 to skip (default: ${DEFAULT-VALUE})")
    long compareRows;

    @Option(names = "--scaling", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also measure one file on one core against two files on two cores (taskset)")
    boolean scaling;

    @Option(names = "--scaling-heap", defaultValue = "256m",
            description = "-Xmx of the two scaling runs (default: ${DEFAULT-VALUE})")
    String scalingHeap;

    @Option(names = "--child-heap", defaultValue = "128m", description = "-Xmx of the ingest JVM (default: ${DEFAULT-VALUE})")
    String childHeap;

    @Option(names = "--workers", defaultValue = "0",
            description = "instead: N pairobs worker processes over RabbitMQ (each pinned to one core) against N local threads "
                    + "on the same files; needs the machine's PostgreSQL and RabbitMQ (default: 0, off)")
    int workers;

    @Option(names = "--range-bytes", defaultValue = "8388608",
            description = "with --workers: the ranges files are cut into, hence the partitions (default: ${DEFAULT-VALUE})")
    long rangeBytes;

    @Option(names = "--evaluation",
            description = "instead: per seed and scenario, the demo exports, the real ingest and warehouse build, and the region "
                    + "estimates of ind_hospitalisation, ind_involuntary_care and ind_readmission against the generator's truth")
    boolean evaluation;

    @Option(names = "--seeds", defaultValue = "200", description = "with --evaluation: seeds per scenario (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "with --evaluation: the first seed (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--scenario", split = ",",
            description = "with --evaluation: a scenario of the demo generator, repeatable or comma-separated (default: all it generates)")
    List<String> scenarios;

    @Option(names = "--scale", defaultValue = "1.0", description = "with --evaluation: the generator's row multiplier (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--parallel", defaultValue = "1",
            description = "with --evaluation: seeds run at once, each in a context of its own (default: ${DEFAULT-VALUE}; several "
                    + "processes over seed ranges, each with its own PAIROBS_HOME, are the tested way to use more cores)")
    int parallel;

    public BenchCommand(PairObsProperties properties) {
        this.properties = requireNonNull(properties, "properties is null");
    }

    @Override
    public Integer call() throws Exception {
        if (evaluation) {
            new EvaluationBenchmark(properties, System.out).run(new EvaluationBenchmark.Options(seeds, firstSeed,
                    scenarios == null || scenarios.isEmpty() ? EvaluationBenchmark.Options.defaultScenarios() : scenarios, scale, parallel));
            return 0;
        }
        Path root = properties.home().resolve("bench").resolve("work");
        Map<String, Object> result;
        if (workers > 0) {
            result = new fr.pairobs.bench.WorkerBenchmark(root, childCommand(scalingHeap), System.getenv("PAIROBS_BENCH_POSTGRES_URL"))
                    .run(rows, workers, rangeBytes);
        } else {
            result = new Benchmark(root, properties.configDir(), properties.jobsDir(), properties.sqlDir(), childCommand(childHeap),
                    childCommand(scalingHeap)).run(rows, compareRows, scaling);
        }
        Path json = properties.home().resolve("bench").resolve(Benchmark.timestamp() + ".json");
        Files.createDirectories(json.getParent());
        Files.writeString(json, tools.jackson.databind.json.JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.printf("%-42s %s%n", "measure", "value");
        result.forEach((k, v) -> System.out.printf("%-42s %s%n", k, v));
        System.out.println("written to " + json);
        return 0;
    }

    private static List<String> childCommand(String heap) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        // the throughput collector, as the pairobs launcher runs batch work: G1's concurrent cycles cost a small heap a third of its CPU
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx" + heap, "-XX:+UseParallelGC"));
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, "fr.pairobs.PairObsApplication"));
        }
        return command;
    }
}
