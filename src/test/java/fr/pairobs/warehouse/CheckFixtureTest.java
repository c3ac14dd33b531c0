package fr.pairobs.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.quality.CheckHistory;
import fr.pairobs.quality.CheckResult;
import fr.pairobs.quality.QualityChecks;

import static fr.pairobs.warehouse.FixtureLake.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check of sql/checks and every generated key test, on a small clean warehouse and on a copy of it
 * that one statement damages the way the check is meant to catch: the damaged copy must fail the check
 * (more offending rows than the clean build, which has none where the clean lake allows it).
 */
class CheckFixtureTest {
    private static final String VINATIER = "690780648";

    /** The damage that each check of sql/checks must see; a new check file needs its fixture here. */
    private static final Map<String, String> DAMAGE = new TreeMap<>(Map.ofEntries(
            Map.entry("chk_completeness_described_structures",
                    "INSERT INTO dim_structure BY NAME SELECT 9999 AS structure_sk, 'OBS-UNKNOWN' AS structure_id, 1 AS version, false AS is_described"),
            Map.entry("chk_completeness_expected_feeds", "DELETE FROM fct_hospital_sequence"),
            Map.entry("chk_completeness_fact_keys", "UPDATE fct_peer_contact SET structure_sk = NULL"),
            Map.entry("chk_completeness_feed_lag",
                    "UPDATE feed_coverage SET coverage_end = DATE '2023-12-31', last_period = '2023' WHERE dataset = 'hospital_stays'"),
            Map.entry("chk_completeness_quarantine",
                    "INSERT INTO quarantine BY NAME SELECT 'ch-le-vinatier' AS partner_id, 'ch-le-vinatier.hospital_stays' AS feed, "
                            + "'hospital_stays' AS dataset, 'file' AS kind, '2025' AS period, 'sejours_2025.csv' AS source_name, "
                            + "'over the reject limit' AS reason"),
            Map.entry("chk_completeness_quarterly_periods",
                    "INSERT INTO fct_peer_contact BY NAME SELECT 'LATE' AS contact_id, partner_id, person_sk, structure_sk, "
                            + "CAST(contact_on + INTERVAL 9 MONTH AS DATE) AS contact_on FROM fct_peer_contact LIMIT 1"),
            Map.entry("chk_conformance_activity_form", "UPDATE fct_hospital_sequence SET activity_form = '09'"),
            Map.entry("chk_conformance_instrument", "UPDATE fct_outcome_assessment SET instrument = 'SF-36'"),
            Map.entry("chk_conformance_legal_mode", "UPDATE fct_hospital_sequence SET legal_mode = '2'"),
            Map.entry("chk_conformance_person_key", "UPDATE dim_person SET person_key = '180026912345678'"),
            Map.entry("chk_conformance_structure_id", "UPDATE dim_structure SET departement = '1'"),
            Map.entry("chk_conformance_unique_keys", "INSERT INTO fct_peer_contact SELECT * FROM fct_peer_contact LIMIT 1"),
            Map.entry("chk_plausibility_days_present", "UPDATE fct_hospital_sequence SET days_present = sequence_length_days + 5"),
            Map.entry("chk_plausibility_event_dates", "UPDATE fct_peer_contact SET contact_on = DATE '2009-12-31'"),
            Map.entry("chk_plausibility_indicator_secrecy",
                    "CREATE OR REPLACE VIEW ind_cell_masked AS SELECT indicator, level, structure_id, structure_name, departement, year, "
                            + "breakdown, measure, kind, value, false AS is_masked FROM ind_cell"),
            Map.entry("chk_plausibility_overlapping_stays",
                    "INSERT INTO fct_hospital_sequence BY NAME SELECT finess, stay_no || 'B' AS stay_no, sequence_no, person_sk, is_full_time, "
                            + "sequence_start_on + 1 AS sequence_start_on, sequence_end_on FROM fct_hospital_sequence WHERE is_full_time LIMIT 1"),
            Map.entry("chk_plausibility_scores_in_range", "UPDATE fct_outcome_assessment SET is_in_range = false"),
            Map.entry("chk_plausibility_sequence_dates", "UPDATE fct_hospital_sequence SET sequence_end_on = sequence_start_on - 1")));

    @TempDir
    static Path home;

    static Path clean;

    @BeforeAll
    static void build() throws Exception {
        FixtureLake lake = new FixtureLake(home);
        for (int p = 1; p <= 3; p++) {
            lake.add("peer_contacts", "ch-le-vinatier", "2024-T1", Map.of("person_key", key(p), "contact_id", "C" + p,
                    "structure_id", VINATIER, "contact_on", LocalDate.of(2024, 2, p), "modality", "individual"));
            Map<String, Object> stay = new HashMap<>(Map.of("person_key", key(p), "finess", VINATIER, "stay_no", "S" + p, "sequence_no", 1,
                    "stay_start_on", LocalDate.of(2024, 3, 1), "sequence_start_on", LocalDate.of(2024, 3, 1),
                    "sequence_end_on", LocalDate.of(2024, 3, 11), "activity_form", "01", "legal_mode", "1", "days_present", 10));
            lake.add("hospital_stays", "ch-le-vinatier", "2024", stay);
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", Map.of("person_key", key(p), "assessment_id", "A" + p,
                    "structure_id", VINATIER, "assessed_on", LocalDate.of(2024, 2, p), "instrument", "WEMWBS", "total_score", 40.0,
                    "timepoint", "baseline"));
        }
        clean = lake.build(home.resolve("clean.duckdb"));
    }

    @Test
    void testEveryCheckFileHasAFixtureThatMakesItFail() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(Path.of("sql/checks"))) {
            files = list.map(p -> p.getFileName().toString().replaceFirst("\\.sql$", "")).sorted().toList();
        }
        assertThat(DAMAGE.keySet()).as("a damage per check file").containsExactlyElementsOf(files);
        for (Map.Entry<String, String> damage : DAMAGE.entrySet()) {
            int before = FixtureLake.check(clean, damage.getKey()).size();
            Path damaged = damaged(damage.getKey(), damage.getValue());
            int after = FixtureLake.check(damaged, damage.getKey()).size();
            assertThat(after).as("%s after: %s", damage.getKey(), damage.getValue()).isGreaterThan(before);
        }
    }

    @Test
    void testKeyTestsAreGeneratedForEveryFactAndDimensionAndPassOnACleanBuild() throws Exception {
        List<CheckResult> results = new QualityChecks(Path.of("sql/checks"), new CheckHistory(home.resolve("history-clean.json")))
                .run(copy(clean, "keys-clean"), "clean");
        List<CheckResult> keyTests = results.stream().filter(r -> r.check().startsWith("key_")).toList();
        List<Map<String, Object>> tables = FixtureLake.query(clean,
                "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'fct\\_%' ESCAPE '\\' OR table_name LIKE 'dim\\_%' ESCAPE '\\'");
        for (Map<String, Object> table : tables) {
            assertThat(keyTests).as("a uniqueness test of %s", table.get("table_name"))
                    .anyMatch(r -> r.check().startsWith("key_unique__" + table.get("table_name") + "__"));
        }
        // natural keys come from config/datasets.yml: peer_contacts' key contact_id, with the partner
        assertThat(keyTests).extracting(CheckResult::check).contains("key_unique__fct_peer_contact__contact_id_partner_id",
                "key_not_null__fct_peer_contact__contact_id", "key_relationship__fct_peer_contact__person_sk__dim_person");
        assertThat(keyTests).allSatisfy(r -> assertThat(r.failed()).as("%s %s", r.check(), r.sample()).isFalse());
    }

    @Test
    void testKeyTestsFailOnADuplicateANullKeyAndAnOrphan() throws Exception {
        Path damaged = damaged("keys", "INSERT INTO dim_person SELECT * FROM dim_person LIMIT 1; "
                + "UPDATE fct_hospital_sequence SET sequence_no = NULL WHERE stay_no = 'S1'; "
                + "UPDATE fct_outcome_assessment SET person_sk = 999 WHERE assessment_id = 'A2'");
        List<CheckResult> results = new QualityChecks(Path.of("sql/checks"), new CheckHistory(home.resolve("history-damaged.json")))
                .run(damaged, "damaged");
        assertThat(results.stream().filter(CheckResult::failed).map(CheckResult::check)).contains(
                "key_unique__dim_person__person_sk",
                "key_not_null__fct_hospital_sequence__sequence_no",
                "key_relationship__fct_outcome_assessment__person_sk__dim_person");
        assertThat(results.stream().filter(r -> r.check().equals("key_unique__dim_person__person_sk")).findFirst().orElseThrow().blocking())
                .isTrue();
    }

    private static Path damaged(String name, String sql) throws Exception {
        Path copy = copy(clean, name);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy); Statement s = c.createStatement()) {
            for (String statement : sql.split("; ")) {
                s.execute(statement);
            }
        }
        return copy;
    }

    private static Path copy(Path source, String name) throws Exception {
        Path copy = home.resolve(name + ".duckdb");
        Files.copy(source, copy);
        return copy;
    }
}
