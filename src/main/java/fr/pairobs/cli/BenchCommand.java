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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark on a generated CH Le Vinatier export of N rows: PairObs ingest (child JVM: rows/s, MB/s, peak RSS), "
                + "the Commons CSV parsing floor, DuckDB's native CSV-to-Parquet copy, the warehouse build and the ten indicator "
                + "views. Prints a table and writes <home>/bench/<timestamp>.json.")
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

    public BenchCommand(PairObsProperties properties) {
        this.properties = requireNonNull(properties, "properties is null");
    }

    @Override
    public Integer call() throws Exception {
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
