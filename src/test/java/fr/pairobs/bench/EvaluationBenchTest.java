package fr.pairobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.PairObsProperties;
import fr.pairobs.cli.BenchCommand;
import fr.pairobs.warehouse.WarehouseReader;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulation study in small: two seeds of the null scenario with first contacts just after a discharge (the timing
 * that made the former estimator find a benefit of 7 to 13 days where there was none). The full study (200 seeds a
 * scenario) is {@code pairobs bench --evaluation}; its figures are in sql/indicators/README.md.
 */
class EvaluationBenchTest {
    private static final String SCENARIO = "null-after-discharge";

    @TempDir
    Path home;

    @Test
    void testReducedStudyComparesTheWarehouseEstimatesWithTheGeneratorsTruth() throws Exception {
        BenchCommand command = new BenchCommand(new PairObsProperties(home, null, null, null, null, null));
        int exit = new CommandLine(command).execute("--evaluation", "--seeds", "2", "--first-seed", "7", "--scenario", SCENARIO,
                "--parallel", "1");
        assertThat(exit).isZero();
        Path file;
        try (Stream<Path> list = Files.list(home.resolve("bench"))) {
            file = list.filter(p -> p.getFileName().toString().startsWith("evaluation-") && p.toString().endsWith(".json"))
                    .findFirst().orElseThrow();
        }
        JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(json.get("scenarios").get(0).asString()).isEqualTo(SCENARIO);
        JsonNode runs = json.get("seed_runs");
        assertThat(runs.size()).isEqualTo(2);

        for (JsonNode run : runs) {
            assertThat(run.get("quarantined").size()).as("seed %s: nothing quarantined", run.get("seed")).isZero();
            // the generator's truth, written beside the exports: nothing is planted in a null scenario
            JsonNode truth = JsonMapper.builder().build().readTree(Path.of(run.get("truth_file").asString()).toFile());
            assertThat(truth.get("effect").asBoolean()).isFalse();
            assertThat(truth.get("timing").asString()).isEqualTo("after-discharge");
            assertThat(truth.get("effects").size()).as("3 indicators x 2 years with 12 months of follow-up").isEqualTo(6);
            for (JsonNode effect : truth.get("effects")) {
                assertThat(effect.get("value").asDouble()).isZero();
            }
            assertThat(run.get("estimates").size()).isEqualTo(6);
            for (JsonNode e : run.get("estimates")) {
                assertThat(e.get("truth").asDouble()).isZero();
                if (e.get("status").asString().equals("withheld")) {
                    assertThat(e.get("withheld_reason").isNull()).as("a withheld estimate says why").isFalse();
                    continue;
                }
                double estimate = e.get("did_estimate").asDouble();
                double low = e.get("did_ci_low").asDouble();
                double high = e.get("did_ci_high").asDouble();
                assertThat(low).isLessThanOrEqualTo(estimate);
                assertThat(high).isGreaterThanOrEqualTo(estimate);
                // no effect: the estimate lies within 4 of its standard errors of 0 (the former estimator's -13 days
                // after discharges had a standard error of about 3)
                double se = (high - low) / (2 * 1.96);
                assertThat(Math.abs(estimate)).as("seed %s %s %s", run.get("seed"), e.get("indicator"), e.get("year"))
                        .isLessThanOrEqualTo(4 * se);
            }
        }
        JsonNode hospitalEstimated = null;
        for (JsonNode e : runs.get(1).get("estimates")) {
            if (e.get("indicator").asString().equals("hospitalisation") && e.get("status").asString().equals("estimated")) {
                hospitalEstimated = e;
            }
        }
        assertThat(hospitalEstimated).as("a hospitalisation estimate of the last seed").isNotNull();

        // the last seed's warehouse is still in the slot's home: its region rows are what the study read
        Path warehouse = home.resolve("bench/work/evaluation/slot-0/warehouse/evaluation.duckdb");
        Map<Integer, Double> published = new HashMap<>();
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT year, did_estimate FROM ind_hospitalisation WHERE level = 'region' "
                        + "AND cohort = 'peer_support' AND did_status = 'estimated'")) {
            while (rs.next()) {
                published.put(rs.getInt(1), rs.getDouble(2));
            }
        }
        for (JsonNode e : runs.get(1).get("estimates")) {
            if (e.get("indicator").asString().equals("hospitalisation") && e.get("status").asString().equals("estimated")) {
                assertThat(published.get(e.get("year").asInt())).isEqualTo(e.get("did_estimate").asDouble());
            }
        }

        // the summary, computed again from the seeds' estimates: coverage of the truth and the share called significant
        // (withheld counts as not significant)
        for (JsonNode cell : json.get("cells")) {
            String indicator = cell.get("indicator").asString();
            String year = cell.get("year").asString();
            int n = 0;
            int estimated = 0;
            int covered = 0;
            int significant = 0;
            for (JsonNode run : runs) {
                for (JsonNode e : run.get("estimates")) {
                    if (!e.get("indicator").asString().equals(indicator) || !(year.equals("all") || e.get("year").asString().equals(year))) {
                        continue;
                    }
                    n++;
                    if (e.get("status").asString().equals("estimated")) {
                        estimated++;
                        double low = e.get("did_ci_low").asDouble();
                        double high = e.get("did_ci_high").asDouble();
                        covered += low <= e.get("truth").asDouble() && e.get("truth").asDouble() <= high ? 1 : 0;
                        significant += low > 0 || high < 0 ? 1 : 0;
                    }
                }
            }
            assertThat(cell.get("n").asInt()).as("%s %s", indicator, year).isEqualTo(n);
            assertThat(cell.get("significant_share").asDouble()).as("%s %s", indicator, year).isCloseTo((double) significant / n, within(1e-9));
            if (estimated > 0) {
                assertThat(cell.get("coverage").asDouble()).as("%s %s", indicator, year).isCloseTo((double) covered / estimated, within(1e-9));
            }
        }
    }
}
