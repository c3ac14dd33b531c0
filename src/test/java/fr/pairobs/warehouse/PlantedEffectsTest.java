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
 * difference-in-differences and 95 % intervals of the indicators built by the nightly job (an estimate the
 * diagnostics withhold has no interval to check, and must say why); the same lake built again gives the same
 * figures; then the same lake with the last RIM-P period of both hospitals withheld. The intervals are read from ind_cell (the
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
    void testEveryPlantedHospitalEffectIsConsistentWithItsEstimate() throws Exception {
        Path warehouse = home.resolve("warehouse/current.duckdb");
        int estimated = 0;
        for (JsonNode effect : truth.get("effects")) {
            String indicator = effect.get("indicator").asString();
            int year = effect.get("year").asInt();
            if (year > 2024) {
                continue; // no 12 months of follow-up: checked below
            }
            double planted = effect.get("value").asDouble();
            double[] interval = interval(warehouse, indicator, year);
            if (interval == null) {
                continue; // withheld: no effect figure, checked below
            }
            estimated++;
            PlantedTruth.assertConsistent(planted, interval, indicator + " " + year);
        }
        assertThat(estimated).as("estimates of the demo's 2023 and 2024 hospital effects").isGreaterThanOrEqualTo(4);
        // every region estimate has a status; a withheld one says why and keeps no effect figure
        List<Map<String, Object>> rows = FixtureLake.query(warehouse, """
                SELECT 'hospitalisation' AS indicator, year, did_status, did_withheld_reason, did_estimate, did_ci_low, did_mde, share_matched
                FROM ind_hospitalisation WHERE level = 'region' AND cohort = 'peer_support'
                UNION ALL SELECT 'involuntary_care', year, did_status, did_withheld_reason, did_estimate, did_ci_low, did_mde, share_matched
                FROM ind_involuntary_care WHERE level = 'region' AND cohort = 'peer_support'
                UNION ALL SELECT 'readmission', year, did_status, did_withheld_reason, did_estimate, did_ci_low, did_mde, share_matched
                FROM ind_readmission WHERE level = 'region' AND cohort = 'peer_support'""");
        assertThat(rows).isNotEmpty();
        assertThat(rows.stream().filter(r -> r.get("did_status") == null).toList()).as("only masked cells have no status")
                .allSatisfy(r -> assertThat(r.get("share_matched")).isNull());
        assertThat(rows.stream().filter(r -> r.get("did_status") != null).toList()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(r -> {
            assertThat(r.get("did_status")).as("%s", r).isIn("estimated", "withheld");
            if (r.get("did_status").equals("withheld")) {
                assertThat(r.get("did_withheld_reason")).as("%s", r).isNotNull();
                assertThat(r.get("did_estimate")).as("%s", r).isNull();
                assertThat(r.get("did_ci_low")).as("%s", r).isNull();
            } else {
                assertThat(r.get("did_withheld_reason")).as("%s", r).isNull();
                assertThat((Double) r.get("did_mde")).as("%s", r).isPositive();
                // none when 1-10 people were not matched (it would give their number away beside n_people)
                if (r.get("share_matched") != null) {
                    assertThat((Double) r.get("share_matched")).as("%s", r).isBetween(0.0, 1.0);
                }
            }
        });
    }

    @Test
    void testTheSameLakeGivesTheSameFigures() throws Exception {
        Path again = home.resolve("again.duckdb");
        new WarehouseBuilder(SpecCatalog.load(Path.of("config"), Path.of("jobs")), new LakeLayout(home.resolve("lake")),
                Path.of("sql").toAbsolutePath(), Path.of("config").toAbsolutePath()).build(again);
        String cells = "SELECT indicator, level, structure_id, departement, year, breakdown, measure, value FROM ind_cell "
                + "WHERE indicator IN ('hospitalisation', 'involuntary_care', 'readmission', 'evaluation_flow', 'cohort_balance') ORDER BY ALL";
        List<Map<String, Object>> first = FixtureLake.query(home.resolve("warehouse/current.duckdb"), cells);
        assertThat(first).hasSizeGreaterThan(100);
        List<Map<String, Object>> second = FixtureLake.query(again, cells);
        List<Map<String, Object>> changed = first.stream().filter(r -> !second.contains(r)).toList();
        assertThat(changed).as("draws and bootstrap are seeded: cells that changed").isEmpty();
        assertThat(second).hasSameSizeAs(first);
    }

    @Test
    void testTheHospitalisationEffectWithALateRimpFeedStaysInsideItsIntervalAndTheCoverageCheckTrips() throws Exception {
        // RIM-P now ends 2024-12-31: only first contacts of 2023 have 12 months of hospital follow-up
        List<Map<String, Object>> lag = FixtureLake.check(lagged, "chk_completeness_feed_lag");
        assertThat(lag).extracting(r -> r.get("feed") + " " + r.get("partner") + " " + r.get("missing_periods"))
                .containsExactlyInAnyOrder("hospital_stays ch-le-vinatier 2025", "hospital_stays chs-alpes-isere 2025");
        assertThat(FixtureLake.query(lagged, "SELECT count(*) AS n FROM evaluation_cohort WHERE index_year > 2023 AND exclusion IS NULL"))
                .extracting(r -> r.get("n")).containsExactly(0L);
        assertThat(FixtureLake.query(lagged, "SELECT count(*) AS n FROM ind_cell WHERE indicator = 'evaluation_flow' AND year = 2024 "
                + "AND breakdown = 'hospitalisation' AND measure = 'n_excluded_follow_up_coverage' AND value > 0"))
                .as("the 2024 first contacts are counted as excluded for follow-up").extracting(r -> r.get("n")).containsExactly(1L);
        for (JsonNode effect : truth.get("effects")) {
            if (effect.get("indicator").asString().equals("hospitalisation") && effect.get("year").asInt() == 2023) {
                double[] interval = interval(lagged, "hospitalisation", 2023);
                if (interval != null) {
                    PlantedTruth.assertConsistent(effect.get("value").asDouble(), interval, "hospitalisation 2023 without the last RIM-P period");
                }
            }
        }
    }

    private static double[] interval(Path warehouse, String indicator, int year) throws Exception {
        List<Map<String, Object>> rows = FixtureLake.query(warehouse, """
                SELECT max(value) FILTER (WHERE measure = 'did_ci_low') AS low, max(value) FILTER (WHERE measure = 'did_ci_high') AS high,
                       max(value) FILTER (WHERE measure = 'did_estimate') AS estimate
                FROM ind_cell WHERE indicator = '%s' AND level = 'region' AND breakdown = 'peer_support' AND year = %d"""
                .formatted(indicator, year));
        if (rows.isEmpty() || rows.get(0).get("low") == null) {
            return null;
        }
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
