package fr.pairobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.PairObsProperties;
import fr.pairobs.cli.BenchCommand;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark on a small export: every measure is taken (the ingest in a child JVM, the CSV floor,
 * DuckDB, the build, the views), the JSON has the ratios under their stable names, and the options
 * parse as documented. Figures are printed, never asserted against a time.
 */
class BenchCommandTest {
    @TempDir
    Path home;

    @Test
    void testSmallBenchmarkWritesEveryMeasureAndTheRatios() throws Exception {
        BenchCommand command = new BenchCommand(new PairObsProperties(home, null, null, null, null, null));
        int exit = new CommandLine(command).execute("--rows", "4000", "--compare-rows", "1500", "--no-scaling");
        assertThat(exit).isZero();
        List<Path> results;
        try (Stream<Path> list = Files.list(home.resolve("bench"))) {
            results = list.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(results).hasSize(1);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(results.get(0)));
        assertThat(json.get("rows").asLong()).isEqualTo(4000);
        assertThat(json.get("ingest_rows").asLong()).as("every generated row ingested").isEqualTo(4000);
        for (String measure : new String[] {"csv_floor_rows_per_s", "duckdb_native_rows_per_s", "ingest_rows_per_s",
            "ingest_peak_rss_mb", "ingest_vs_csv_floor", "ingest_vs_duckdb", "build_fact_rows_per_s", "compare_peak_rss_mb",
            "peak_rss_ratio"}) {
            assertThat(json.has(measure)).as(measure).isTrue();
            assertThat(json.get(measure).asDouble()).as(measure).isPositive();
        }
        assertThat(json.get("indicator_views_ms").size()).isEqualTo(10);
        assertThat(json.has("scaling_factor")).as("--no-scaling skips the scaling runs").isFalse();
    }

    @Test
    void testScalingIsOnUnlessTurnedOff() {
        assertThat(List.of(scaling(), scaling("--no-scaling"), scaling("--scaling"))).containsExactly(true, false, true);
    }

    private boolean scaling(String... args) {
        CommandLine line = new CommandLine(new BenchCommand(new PairObsProperties(home, null, null, null, null, null)));
        line.parseArgs(args);
        return line.getCommandSpec().findOption("--scaling").getValue();
    }
}
