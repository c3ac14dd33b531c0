package fr.pairobs.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pseudo.PseudonymKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's planted effects, read from the truth file its generator writes, against the
 * difference-in-differences and 95 % intervals of the indicators built by the nightly job; then the same
 * lake with the last RIM-P period of both hospitals withheld. The intervals are read from ind_cell (the
 * cells before secrecy): this checks the estimator, the secrecy rule is checked elsewhere.
 */
class PlantedEffectsTest {
    @TempDir
    static Path home;

    static ConfigurableApplicationContext context;
    static JsonNode truth;
    static Path lagged;

    @BeforeAll
    static void runTheDemoNight() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(home, 42, 1.0);
        context = PipelineContexts.start(home, "pairobs.ingest.chunk-size=1000");
        JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 5), null);
        assertThat(outcome.exitCode()).as(outcome.message()).isZero();
        truth = JsonMapper.builder().build().readTree(home.resolve("demo/truth.json").toFile());
        lagged = buildWithoutTheLastRimpPeriod();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void testEveryPlantedHospitalEffectIsInsideItsInterval() throws Exception {
        Path warehouse = home.resolve("warehouse/current.duckdb");
        assertThat(truth.get("effects").size()).as("effects in the truth file").isEqualTo(6);
        for (JsonNode effect : truth.get("effects")) {
            String indicator = effect.get("indicator").asString();
            int year = effect.get("year").asInt();
            double planted = effect.get("value").asDouble();
            double[] interval = interval(warehouse, indicator, year);
            assertThat(planted).as("planted %s effect %s in %d against [%s, %s], estimate %s", indicator, planted, year,
                    interval[0], interval[1], interval[2]).isBetween(interval[0], interval[1]);
        }
    }

    @Test
    void testTheHospitalisationEffectWithALateRimpFeedStaysInsideItsIntervalAndTheCoverageCheckTrips() throws Exception {
        // RIM-P now ends 2024-12-31: only first contacts of 2023 have 12 months of hospital follow-up
        List<Map<String, Object>> lag = FixtureLake.check(lagged, "chk_completeness_feed_lag");
        assertThat(lag).extracting(r -> r.get("feed") + " " + r.get("partner") + " " + r.get("missing_periods"))
                .containsExactlyInAnyOrder("hospital_stays ch-le-vinatier 2025", "hospital_stays chs-alpes-isere 2025");
        assertThat(FixtureLake.query(lagged, "SELECT count(*) AS n FROM evaluation_cohort WHERE index_year > 2023"))
                .extracting(r -> r.get("n")).containsExactly(0L);
        for (JsonNode effect : truth.get("effects")) {
            if (effect.get("indicator").asString().equals("hospitalisation") && effect.get("year").asInt() == 2023) {
                double[] interval = interval(lagged, "hospitalisation", 2023);
                assertThat(effect.get("value").asDouble()).isBetween(interval[0], interval[1]);
            }
        }
    }

    private static double[] interval(Path warehouse, String indicator, int year) throws Exception {
        List<Map<String, Object>> rows = FixtureLake.query(warehouse, """
                SELECT max(value) FILTER (WHERE measure = 'did_ci_low') AS low, max(value) FILTER (WHERE measure = 'did_ci_high') AS high,
                       max(value) FILTER (WHERE measure = 'did_estimate') AS estimate
                FROM ind_cell WHERE indicator = '%s' AND level = 'region' AND breakdown = 'peer_support' AND year = %d"""
                .formatted(indicator, year));
        assertThat(rows.get(0).get("low")).as("%s %d has an interval", indicator, year).isNotNull();
        return new double[] {(Double) rows.get(0).get("low"), (Double) rows.get(0).get("high"), (Double) rows.get(0).get("estimate")};
    }

    /** A copy of the lake without the hospital batches of period 2025, built into its own warehouse. */
    private static Path buildWithoutTheLastRimpPeriod() throws Exception {
        Path lake = home.resolve("lake");
        List<Map<String, Object>> batches = FixtureLake.queryInMemory("SELECT DISTINCT _source_sha256 AS sha FROM read_parquet('"
                + lake.resolve("hospital_stays") + "/*/batch=*/*.parquet') WHERE _period = '2025'");
        Set<String> withheld = batches.stream().map(b -> "batch=" + LakeLayout.batchId((String) b.get("sha"))).collect(Collectors.toSet());
        assertThat(withheld).as("one 2025 RIM-P export per hospital").hasSize(2);
        Path copy = home.resolve("lagged-lake");
        try (Stream<Path> walk = Files.walk(lake)) {
            for (Path source : walk.toList()) {
                Path relative = lake.relativize(source);
                if (relative.toString().startsWith("hospital_stays") && withheldBatch(relative, withheld)) {
                    continue;
                }
                Path target = copy.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path target = home.resolve("lagged.duckdb");
        new WarehouseBuilder(SpecCatalog.load(Path.of("config"), Path.of("jobs")), new LakeLayout(copy), Path.of("sql").toAbsolutePath(),
                Path.of("config").toAbsolutePath()).build(target);
        return target;
    }

    private static boolean withheldBatch(Path relative, Set<String> withheld) {
        List<String> parts = new ArrayList<>();
        relative.forEach(p -> parts.add(p.toString()));
        return parts.stream().anyMatch(withheld::contains);
    }
}
