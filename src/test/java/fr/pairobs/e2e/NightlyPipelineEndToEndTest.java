package fr.pairobs.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.warehouse.PlantedTruth;
import fr.pairobs.warehouse.WarehouseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The nightly job on the demo partners' exports: real files, real H2 job repository, real DuckDB. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyPipelineEndToEndTest {
    @TempDir
    static Path home;

    static DemoExports.Result demo;
    static ConfigurableApplicationContext context;
    static JobRunner runner;

    @BeforeAll
    static void start() {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        demo = new DemoExports().generate(home, 42, 1.0);
        context = PipelineContexts.start(home, "pairobs.ingest.chunk-size=1000");
        runner = context.getBean(JobRunner.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void testNightlyLoadsEveryValidRowAndPublishes() throws Exception {
        JobRunner.Outcome outcome = runner.run("nightly", LocalDate.of(2026, 1, 5), null);

        assertThat(outcome.exitCode()).as(outcome.message()).isZero();
        assertThat(outcome.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM read_parquet('" + home.resolve("lake") + "/*/*/batch=*/*.parquet', union_by_name = true)"))
                .isEqualTo(demo.validRows());
        assertThat(queryWarehouse("SELECT count(*) FROM fct_peer_contact")).isEqualTo(demo.validRows("peer_contacts"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_hospital_sequence")).isEqualTo(demo.validRows("hospital_stays"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_outcome_assessment")).isEqualTo(demo.validRows("outcome_assessments"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_rights_event")).isEqualTo(demo.validRows("rights_events"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_position")).isEqualTo(demo.validRows("peer_workers"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_funding")).isEqualTo(demo.validRows("funding"));
        assertThat(queryWarehouse("SELECT count(*) FROM fct_training")).isEqualTo(demo.validRows("training"));
        // structures: two FINESS rows are filtered (a pharmacy, a Paris CMP); the registry comes twice
        assertThat(count("SELECT count(*) FROM read_parquet('" + home.resolve("lake") + "/structures/*/batch=*/*.parquet')"))
                .isEqualTo(demo.validRows("structures"));
        for (DemoExports.DemoFile file : demo.files()) {
            assertThat(count("SELECT count(*) FROM read_parquet('" + home.resolve("lake") + "/" + file.dataset()
                    + "/partner=" + file.partner() + "/batch=*/*.parquet') WHERE _source_sha256 = '" + sha256(file.path()) + "'"))
                    .as("rows of %s in the lake", file.path().getFileName()).isEqualTo(file.validRows());
        }
        long skips = outcome.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().split(":").length == 3)
                .mapToLong(StepExecution::getProcessSkipCount).sum();
        assertThat(skips).isEqualTo(demo.rejectedRows());
        assertThat(Files.exists(home.resolve("warehouse/current.duckdb"))).isTrue();
    }

    @Test
    @Order(2)
    void testEveryPlantedDefectIsInRejectsWithItsLineColumnAndReason() throws Exception {
        List<CSVRecord> rejects = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(home.resolve("rejects"))) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("rejects.csv")).toList()) {
                rejects.addAll(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(Files.newBufferedReader(file, StandardCharsets.UTF_8)).getRecords());
            }
        }
        assertThat(rejects).hasSize(demo.rejectedRows());
        for (DemoExports.DemoFile file : demo.files()) {
            for (DemoExports.ExpectedReject expected : file.rejects()) {
                assertThat(rejects).as("reject of %s line %d", file.path().getFileName(), expected.line())
                        .anySatisfy(r -> {
                            assertThat(r.get("file")).isEqualTo(file.path().getFileName().toString());
                            assertThat(r.get("line")).isEqualTo(String.valueOf(expected.line()));
                            assertThat(r.get("column")).isEqualTo(expected.column());
                            assertThat(r.get("reason")).contains(expected.reasonContains());
                        });
            }
        }
    }

    @Test
    @Order(3)
    void testNoIdentifierFromTheInputsAppearsInLakeWarehouseOrRejects() throws Exception {
        List<String> identifiers = demo.identifyingValues().stream().filter(v -> v.length() >= 4).toList();
        // raw bytes of every output file (catches anything stored uncompressed)
        for (String area : List.of("lake", "warehouse", "rejects")) {
            try (Stream<Path> walk = Files.walk(home.resolve(area))) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                            + new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                    for (String id : identifiers) {
                        if (id.matches("\\d{15}")) {
                            assertThat(content).as("%s in %s", "a NIR", file).doesNotContain(id);
                        }
                    }
                    if (file.getFileName().toString().endsWith(".csv")) {
                        for (String id : identifiers) {
                            assertThat(content).as("an identifying value in %s", file).doesNotContain(id);
                        }
                    }
                }
            }
        }
        // decoded values: every text column of the lake and of every warehouse table
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS wh (READ_ONLY)");
            List<String> texts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                    + "WHERE table_catalog = 'wh' AND data_type = 'VARCHAR'")) {
                while (rs.next()) {
                    texts.add("SELECT DISTINCT CAST(\"" + rs.getString(2) + "\" AS VARCHAR) AS v FROM wh.\"" + rs.getString(1) + "\"");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('" + home.resolve("lake")
                    + "/*/*/batch=*/*.parquet', union_by_name = true)) WHERE column_type = 'VARCHAR'")) {
                List<String> columns = new ArrayList<>();
                while (rs.next()) {
                    columns.add("\"" + rs.getString(1) + "\"");
                }
                texts.add("SELECT DISTINCT unnest([" + String.join(", ", columns) + "]) AS v FROM read_parquet('"
                        + home.resolve("lake") + "/*/*/batch=*/*.parquet', union_by_name = true)");
            }
            s.execute("CREATE TEMP TABLE outputs AS " + String.join(" UNION ", texts));
            s.execute("CREATE TEMP TABLE identifiers (v VARCHAR)");
            try (var insert = c.prepareStatement("INSERT INTO identifiers VALUES (?)")) {
                for (String id : identifiers) {
                    insert.setString(1, id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // names are ordinary words (a structure may be called Sainte-Marie): they must not be a whole value;
            // NIRs and birth dates are distinctive: they must not appear even inside a value
            s.execute("CREATE TEMP TABLE tokens AS SELECT v AS token FROM outputs UNION "
                    + "SELECT unnest(regexp_extract_all(v, '[0-9]{15}|[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}')) FROM outputs");
            try (ResultSet rs = s.executeQuery("SELECT t.token FROM tokens t JOIN identifiers i ON t.token = i.v "
                    + "WHERE NOT regexp_matches(i.v, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') LIMIT 5")) {
                List<String> leaks = new ArrayList<>();
                while (rs.next()) {
                    leaks.add(rs.getString(1));
                }
                assertThat(leaks).as("output values carrying an identifier").isEmpty();
            }
        }
    }

    @Test
    @Order(4)
    void testRunningAgainLandsNothingNewAndDuplicatesNothing() throws Exception {
        long before = queryWarehouse("SELECT count(*) FROM fct_peer_contact");
        demo = new DemoExports().generate(home, 42, 1.0);
        JobRunner.Outcome again = runner.run("nightly", LocalDate.of(2026, 1, 5), "second");

        assertThat(again.exitCode()).as(again.message()).isZero();
        assertThat(again.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith("pull:")).mapToLong(StepExecution::getWriteCount).sum()).isZero();
        assertThat(again.execution().getStepExecutions().stream()
                .filter(s -> s.getStepName().split(":").length == 3)).isEmpty();
        assertThat(queryWarehouse("SELECT count(*) FROM fct_peer_contact")).isEqualTo(before).isEqualTo(demo.validRows("peer_contacts"));
        assertThat(queryWarehouse("SELECT count(*) - count(DISTINCT (partner_id, contact_id)) FROM fct_peer_contact")).isZero();
    }

    @Test
    @Order(5)
    void testCompletedDateIsNotRunTwice() throws Exception {
        JobRunner.Outcome outcome = runner.run("nightly", LocalDate.of(2026, 1, 5), null);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.message()).contains("already completed");
    }

    @Test
    @Order(6)
    void testGemVisitorAndHospitalPatientAreOnePersonButHomonymsAreTwo() throws Exception {
        // people seen at GEM Les 4 Saisons (traits only) and hospitalised at CHS Alpes-Isère (NIR and traits)
        assertThat(queryWarehouse("""
                SELECT count(DISTINCT person_sk)
                FROM fct_peer_contact g JOIN fct_hospital_sequence h USING (person_sk)
                WHERE g.partner_id = 'gem-4-saisons' AND h.partner_id = 'chs-alpes-isere'""")).isGreaterThan(100);
        // and GEM Constellation members (traits) who are CH Le Vinatier patients (NIR)
        assertThat(queryWarehouse("""
                SELECT count(DISTINCT person_sk)
                FROM fct_peer_contact g JOIN fct_peer_contact v USING (person_sk)
                WHERE g.partner_id = 'gem-constellation' AND v.partner_id = 'ch-le-vinatier'""")).isGreaterThan(50);
        assertThat(queryWarehouse("SELECT count(*) FROM map_person_link WHERE link_rule = 'traits linked to NIR'")).isPositive();
        // the homonyms: same traits at the hospital with two NIRs stay two people
        assertThat(queryWarehouse("""
                SELECT count(*) FROM (
                  SELECT traits_key FROM read_parquet('%s/*/partner=ch-le-vinatier/*/*.parquet', union_by_name = true)
                  WHERE traits_key IS NOT NULL
                  GROUP BY traits_key HAVING count(DISTINCT person_key) > 1)""".formatted(home.resolve("lake"))))
                .isEqualTo(1);
    }

    @Test
    @Order(7)
    void testPlantedEffectsAreRecoveredByTheirIndicators() throws Exception {
        // planted: 60 % of people with peer support ("responders") stay half as long after their first contact and
        // their involuntary care falls from 40 % to 20 % of stays (36 % for the others); first contacts one third each
        // during a stay, after a discharge and outside hospital. The generator computes the true effect on the treated
        // of each year from forked pathways of the same people with and without peer support (demo/truth.json): the
        // published difference-in-differences is estimated and consistent with that truth (within 3.29 standard errors:
        // one seed cannot test the 95 % interval's coverage, the simulation study does)
        JsonNode truth = JsonMapper.builder().build().readTree(home.resolve("demo/truth.json").toFile());
        for (String indicator : List.of("hospitalisation", "involuntary_care")) {
            for (int year : new int[] {2023, 2024}) {
                double planted = Double.NaN;
                for (JsonNode effect : truth.get("effects")) {
                    if (effect.get("indicator").asString().equals(indicator) && effect.get("year").asInt() == year) {
                        planted = effect.get("value").asDouble();
                    }
                }
                assertThat(planted).as("truth of %s %d", indicator, year).isNegative();
                String row = "FROM ind_" + indicator + " WHERE level = 'region' AND cohort = 'peer_support' AND year = " + year;
                assertThat(queryWarehouseString("SELECT did_status " + row)).as("%s %d", indicator, year).isEqualTo("estimated");
                PlantedTruth.assertConsistent(planted, new double[] {queryWarehouseDouble("SELECT did_ci_low " + row),
                        queryWarehouseDouble("SELECT did_ci_high " + row), queryWarehouseDouble("SELECT did_estimate " + row)},
                        indicator + " " + year);
            }
        }
        // before time zero, both cohorts have the planted 40 % of stays involuntary
        for (int year : new int[] {2023, 2024}) {
            assertThat(queryWarehouseDouble("SELECT share_involuntary_before FROM ind_involuntary_care WHERE level = 'region' "
                    + "AND cohort = 'peer_support' AND year = " + year)).isBetween(0.3, 0.5);
        }
        // planted: WEMWBS +7 at 12 months and ISMI-10 -4 for responders, around +0.5 / -0.3 for the others.
        // The 12-month horizon is no longer pooled with 6-month follow-ups, and the people assessed at 12 months
        // are mostly responders (others leave sooner): expected change about +6 (attrition shown by n_followed).
        // ISMI-10's change is signed so that positive is better: a fall of self-stigma reads as +3 to +4.
        assertThat(queryWarehouseDouble("SELECT mean_change FROM ind_recovery WHERE level = 'region' AND year = 2024 "
                + "AND instrument = 'WEMWBS' AND horizon = '12m'")).isBetween(4.0, 7.5);
        assertThat(queryWarehouseDouble("SELECT share_improved FROM ind_recovery WHERE level = 'region' AND year = 2024 "
                + "AND instrument = 'WEMWBS' AND horizon = '12m'")).isBetween(0.6, 0.95);
        // planted attrition: assessed at 12 months only while still in contact (responders stay 6-24 months, others
        // 1-12): 0.6 x 13/19 + 0.4 x 1/12 = 0.44 of the people expected
        assertThat(queryWarehouseDouble("SELECT n_followed / n_baseline FROM ind_recovery WHERE level = 'region' AND year = 2024 "
                + "AND instrument = 'WEMWBS' AND horizon = '12m'")).isBetween(0.35, 0.55);
        assertThat(queryWarehouseDouble("SELECT mean_change FROM ind_recovery WHERE level = 'region' AND year = 2023 "
                + "AND instrument = 'ISMI-10' AND horizon = '12m'")).isBetween(1.5, 4.5);
        // planted: CSQ-8 around 27 for responders and 22 for the others; satisfied from 24
        assertThat(queryWarehouseDouble("SELECT share_satisfied FROM ind_satisfaction WHERE level = 'region' AND year = 2024"))
                .isBetween(0.6, 0.9);
        // planted: a right obtained by 75 % of responders and 35 % of the others when decided
        assertThat(queryWarehouseDouble("SELECT share_right_obtained_12m FROM ind_rights WHERE level = 'region' AND year = 2024"))
                .isBetween(0.4, 0.75);
    }

    @Test
    @Order(8)
    void testNoIndicatorViewPublishesACountFromOneToTen() throws Exception {
        Map<String, List<String>> counts = Map.of(
                "ind_hospitalisation", List.of("people"),
                "ind_involuntary_care", List.of("people", "people_involuntary_before", "people_involuntary_after"),
                "ind_readmission", List.of("discharges", "readmitted_30_days", "readmitted_90_days"),
                "ind_recovery", List.of("people", "people_improved", "n_baseline", "n_followed"),
                "ind_engagement", List.of("people_reached", "contacts", "people_active", "people_new"),
                "ind_satisfaction", List.of("respondents", "satisfied"),
                "ind_rights", List.of("people_entered", "people", "people_with_right_obtained"),
                "ind_workforce", List.of("positions"),
                "ind_funding", List.of(),
                "ind_training", List.of("enrolled", "graduated"));
        List<String> views = new ArrayList<>();
        try (Connection c = WarehouseReader.openReadOnly(home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'ind\\_%' ESCAPE '\\' "
                        + "AND view_name <> 'ind_cell_masked' ORDER BY 1")) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        assertThat(views).as("every indicator view is covered").containsExactlyInAnyOrderElementsOf(counts.keySet());
        long masked = 0;
        for (var entry : counts.entrySet()) {
            for (String column : entry.getValue()) {
                assertThat(queryWarehouse("SELECT count(*) FROM " + entry.getKey() + " WHERE " + column + " BETWEEN 1 AND 10"))
                        .as("%s.%s between 1 and 10", entry.getKey(), column).isZero();
            }
            masked += queryWarehouse("SELECT count(*) FROM " + entry.getKey() + " WHERE is_masked");
        }
        assertThat(masked).as("the rule has something to mask in the demo").isPositive();
        // secondary suppression: within a département, never exactly one masked structure unless the département is masked too
        assertThat(queryWarehouse("""
                WITH s AS (SELECT indicator, departement, year, breakdown, count(DISTINCT structure_id) FILTER (WHERE is_masked) AS masked
                           FROM ind_cell_masked WHERE level = 'structure' GROUP BY ALL),
                     d AS (SELECT DISTINCT indicator, departement, year, breakdown, is_masked FROM ind_cell_masked WHERE level = 'departement')
                SELECT count(*) FROM s JOIN d USING (indicator, departement, year, breakdown)
                WHERE s.masked = 1 AND NOT d.is_masked""")).isZero();
    }

    @Test
    @Order(9)
    void testPublishedWarehouseOpensInDuckDbLts() throws Exception {
        String ltsJar = System.getProperty("duckdb.lts.jar");
        assertThat(ltsJar).as("path of the DuckDB 1.4 driver (set by the build)").isNotNull();
        assertThat(Path.of(ltsJar)).exists();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", ltsJar + java.io.File.pathSeparator + Path.of("target/test-classes"), LtsClient.class.getName(),
                home.resolve("warehouse/current.duckdb").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("version v1.4").contains("fct_peer_contact " + demo.validRows("peer_contacts"));
    }

    /** Runs in a JVM with only the DuckDB 1.4 driver. */
    public static final class LtsClient {
        public static void main(String[] args) throws Exception {
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT version()")) {
                    rs.next();
                    System.out.println("version " + rs.getString(1));
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM fct_peer_contact")) {
                    rs.next();
                    System.out.println("fct_peer_contact " + rs.getLong(1));
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ind_hospitalisation")) {
                    rs.next();
                    System.out.println("ind_hospitalisation " + rs.getLong(1));
                }
            }
        }
    }

    static double queryWarehouseDouble(String sql) throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            double value = rs.getDouble(1);
            assertThat(rs.wasNull()).as("%s is masked or missing", sql).isFalse();
            return value;
        }
    }

    static String queryWarehouseString(String sql) throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long queryWarehouse(String sql) throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
