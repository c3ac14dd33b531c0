package fr.pairobs.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeColumn;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.ParquetPartWriter;
import fr.pairobs.lake.ParquetWriteOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The warehouse SQL on a small hand-made lake whose indicator values are computed by hand.
 * <p>CH Le Vinatier: twice (copies a and b) twelve people, first peer contact on 2024-01-10; person i has a
 * full-time sequence of 10 + i days starting 2023-06-01 (in the 12 months before) and one of i days starting
 * 2024-06-01 (after). Person 12 also has a full-time sequence starting 2023-01-05 (25 days into the window before,
 * from 2023-01-10: 22 + 25 = 47 days before) and a part-time one (not counted). Every one of them is in
 * involuntary care before, nobody after. Their last discharge is over 90 days before the contact: time zero has no
 * anchor, so the comparison is taken on the same date. Twice twelve patients of the same hospital, without peer
 * contact, same traits, in involuntary care before only: patients 1 to 11 have 20 days before and after (band 1-29,
 * one discharge, like persons 1 to 11), patient 12 has 40 before (25 of a stay from 2023-01-05 and 15; two
 * discharges, like person 12) and 40 after. Within a stratum
 * every comparison has the same outcomes, so whatever the draws give each, the weighted means are known.
 * <p>CHS Alpes-Isère: T1 is discharged on 2024-03-21 after 20 days of involuntary care and meets a peer worker 5 days later (anchor
 * after_discharge, lag 5). Comparison: P1 discharged on 2024-03-30 (taken on 2024-04-04; 20 days before, a stay of
 * 10 days after) and P2 discharged on 2024-03-05 (taken on 2024-03-10; 19 days before, 19 after), who meets a peer
 * worker on 2025-03-01 only (a later participant is a comparison before their contact) and is in involuntary care
 * from 2025-03-02 for 5 days, within its window: the comparison is per protocol, its follow-up ends at its own first
 * contact, so those days and that involuntary care are not its outcome (intention to treat would give P2 24 days
 * after, T1 a DiD of -17.5 and the region -12.3). The hazard of a first contact in the comparison's follow-up is 0 in
 * every state but the one of P2's contact (no stay for 90 days), where no outcome falls: the weights are all 1. Not comparisons: P3,
 * discharged 70 days after T1 (outside the 30-day caliper), and P4, readmitted before the lag elapses and then in
 * hospital until June. Weights 1/2 each: T1 -20 - (-10 + 0) / 2 = -15.
 * <p>Flow: W1 meets a peer worker on 2023-02-01, within 3 months of the contact feed's start:
 * excluded by the wash-out (the feed covers from its first row); B1 on 2023-06-01, when RIM-P (from 2023-01-05) does not cover the 12 months before:
 * excluded; P2's first contact of 2025 has no 12 months of follow-up.
 * <p>Hand computation, hospitalisation, region 2024 (25 matched): peer support before (2 × 223 + 20) / 25 = 18.64,
 * after 2 × 78 / 25 = 6.24, change -12.4; comparison before (22 × 20 + 2 × 40 + 19.5) / 25 = 21.58, after (22 × 20
 * + 2 × 40 + 14.5) / 25 = 21.38, change -5 / 25 = -0.2; DiD (2 × (-145) - 15) / 25 = -12.2. Structure Le Vinatier
 * (24): -145 / 12 = -12.08. Involuntary care, region: the 24 people of Le Vinatier change -1 against -1, T1 -1
 * against 0: DiD -1 / 25 = -0.04; comparison before 24 / 25 = 0.96, after 0. Balance: every covariate's |SMD| is
 * under the threshold 0.1 + 2.394 × sqrt(1 / 25 + 1 / 26) = 0.77 (the largest, prior full-time days, 0.51).
 */
class IndicatorFixtureTest {
    @TempDir
    static Path home;

    static Path warehouse;

    @BeforeAll
    static void buildWarehouseFromHandMadeLake() throws Exception {
        SpecCatalog catalog = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
        LakeLayout lake = new LakeLayout(home.resolve("lake"));
        List<Map<String, Object>> contacts = new ArrayList<>();
        List<Map<String, Object>> stays = new ArrayList<>();
        for (String copy : List.of("a", "b")) {
            for (int i = 1; i <= 12; i++) {
                String key = key(copy, i);
                contacts.add(person(key, Map.of("contact_id", "C" + copy + i, "structure_id", "690780648",
                        "contact_on", LocalDate.of(2024, 1, 10), "modality", "individual")));
                stays.add(person(key, stay("B" + copy + i, LocalDate.of(2023, 6, 1), 10 + i, "01", i <= 11 ? "3" : "1")));
                stays.add(person(key, stay("A" + copy + i, LocalDate.of(2024, 6, 1), i, "01", "1")));
            }
            for (int j = 1; j <= 12; j++) {
                String key = key(copy, 100 + j);
                int days = j == 12 ? 40 : 20;
                // patient 12, like person 12, has two discharges in the year before: 25 + 15 = 40 days
                stays.add(person(key, stay("CB" + copy + j, LocalDate.of(2023, 6, 1), j == 12 ? 15 : 20, "01", "7")));
                stays.add(person(key, stay("CA" + copy + j, LocalDate.of(2024, 6, 1), days, "01", "1")));
                if (j == 12) {
                    stays.add(person(key, stay("CO" + copy, LocalDate.of(2023, 1, 5), 30, "01", "1")));
                }
            }
            String twelve = key(copy, 12);
            stays.add(person(twelve, stay("OLD" + copy, LocalDate.of(2023, 1, 5), 30, "01", "3")));
            stays.add(person(twelve, stay("DAY" + copy, LocalDate.of(2023, 9, 1), 20, "20", "1")));
        }
        contacts.add(person(key("a", 1), Map.of("contact_id", "C-late", "structure_id", "690780648",
                "contact_on", LocalDate.of(2025, 3, 1), "modality", "group")));
        // CHS Alpes-Isère: an anchored first contact and its risk set
        contacts.add(person(key("c", 1), Map.of("contact_id", "T1", "structure_id", "380780080", "contact_on", LocalDate.of(2024, 3, 26),
                "modality", "individual")));
        stays.add(person(key("c", 1), stay("380780080", "T1", LocalDate.of(2024, 3, 1), 20, "01", "3")));
        stays.add(person(key("d", 1), stay("380780080", "P1", LocalDate.of(2024, 3, 10), 20, "01", "1")));
        stays.add(person(key("d", 1), stay("380780080", "P1b", LocalDate.of(2024, 8, 1), 10, "01", "1")));
        stays.add(person(key("d", 2), stay("380780080", "P2", LocalDate.of(2024, 2, 15), 19, "01", "1")));
        stays.add(person(key("d", 2), stay("380780080", "P2b", LocalDate.of(2024, 6, 1), 19, "01", "1")));
        // after P2's own first contact: outside its per-protocol follow-up as a comparison
        stays.add(person(key("d", 2), stay("380780080", "P2c", LocalDate.of(2025, 3, 2), 5, "01", "3")));
        contacts.add(person(key("d", 2), Map.of("contact_id", "P2", "structure_id", "380780080", "contact_on", LocalDate.of(2025, 3, 1),
                "modality", "individual")));
        stays.add(person(key("d", 3), stay("380780080", "P3", LocalDate.of(2024, 5, 10), 20, "01", "1")));
        stays.add(person(key("d", 4), stay("380780080", "P4", LocalDate.of(2024, 3, 1), 17, "01", "1")));
        stays.add(person(key("d", 4), stay("380780080", "P4b", LocalDate.of(2024, 3, 20), 73, "01", "1")));
        // excluded from the flow: a first contact within the wash-out, and one whose window before RIM-P does not cover
        contacts.add(person(key("e", 1), Map.of("contact_id", "W1", "structure_id", "690780648", "contact_on", LocalDate.of(2023, 2, 1),
                "modality", "individual")));
        stays.add(person(key("e", 1), stay("W1", LocalDate.of(2023, 3, 1), 10, "01", "1")));
        contacts.add(person(key("f", 1), Map.of("contact_id", "B1", "structure_id", "690780648", "contact_on", LocalDate.of(2023, 6, 1),
                "modality", "individual")));
        stays.add(person(key("f", 1), stay("B1", LocalDate.of(2023, 3, 1), 10, "01", "1")));
        // the contact feed of period 2025 carries rows from 2023-02-01: it covers from then to 2025-12-31
        contacts.forEach(row -> row.put("_period", "2025"));
        write(lake, catalog.dataset("peer_contacts"), contacts);
        // the RIM-P export of 2025: hospital follow-up ends at the end of the feed's coverage, 2025-12-31
        stays.forEach(row -> row.put("_period", "2025"));
        write(lake, catalog.dataset("hospital_stays"), stays);
        warehouse = home.resolve("fixture.duckdb");
        new WarehouseBuilder(catalog, lake, Path.of("sql").toAbsolutePath(), Path.of("config").toAbsolutePath()).build(warehouse);
    }

    @Test
    void testHospitalisationIndicatorMatchesTheHandComputation() throws Exception {
        List<Map<String, Object>> rows = FixtureLake.query(warehouse, "SELECT cohort, people, mean_full_time_days_before AS b, "
                + "mean_full_time_days_after AS a, mean_difference AS d, did_estimate AS did, did_ci_low AS lo, did_ci_high AS hi, did_mde AS mde, "
                + "share_matched, did_status, did_withheld_reason, placebo_estimate FROM ind_hospitalisation WHERE level = 'region' AND year = 2024 "
                + "ORDER BY cohort");
        assertThat(rows).hasSize(2);
        Map<String, Object> peer = rows.get(1);
        assertThat(peer).containsEntry("cohort", "peer_support").containsEntry("people", 25.0).containsEntry("b", 18.64)
                .containsEntry("a", 6.24).containsEntry("d", -12.4).containsEntry("did", -12.2).containsEntry("share_matched", 1.0)
                .containsEntry("did_status", "estimated");
        Map<String, Object> comparison = rows.get(0);
        assertThat(comparison).containsEntry("cohort", "comparison").containsEntry("people", 26.0).containsEntry("b", 21.58)
                .containsEntry("a", 21.38).containsEntry("d", -0.2);
        assertThat(comparison.get("did")).as("the estimate is on the peer_support row").isNull();
        assertThat(peer.get("did_withheld_reason")).isNull();
        assertThat(peer.get("placebo_estimate")).as("RIM-P does not cover 24 months before: no placebo").isNull();
        // the comparison adds no variance (every comparison of a stratum has the same change): the bootstrap SE is about
        // the SD of the 25 contrasts over sqrt(25): 22 of -10 - 0, 2 of -35 - 0 and -15: SD 6.47, SE about 1.3
        double low = (Double) peer.get("lo");
        double high = (Double) peer.get("hi");
        assertThat(high - low).as("interval width against 2 × 1.96 × 1.3 = 5.1").isBetween(3.0, 8.0);
        assertThat((low + high) / 2).isCloseTo(-12.2, offset(0.011));
        assertThat((Double) peer.get("mde")).as("MDE = 2.80 × SE = 2.80 / 3.92 × width").isCloseTo((high - low) * 2.8016 / 3.92,
                offset(0.011));
        assertThat(FixtureLake.query(warehouse, "SELECT people, did_estimate FROM ind_hospitalisation WHERE level = 'structure' "
                + "AND structure_id = '690780648' AND year = 2024 AND cohort = 'peer_support'"))
                .containsExactly(Map.of("people", 24.0, "did_estimate", -12.08));
    }

    @Test
    void testTheFlowCountsEveryExclusionAndTheRiskSetTakesALaterParticipant() throws Exception {
        List<Map<String, Object>> flow = FixtureLake.query(warehouse, """
                SELECT year, list(measure || '=' || CAST(value AS BIGINT) ORDER BY measure) AS counts FROM ind_cell
                WHERE indicator = 'evaluation_flow' AND breakdown = 'hospitalisation' AND measure LIKE 'n\\_%' ESCAPE '\\'
                GROUP BY year ORDER BY year""");
        assertThat(flow).extracting(r -> r.get("year") + " " + r.get("counts")).containsExactly(
                "2023 [n_analysed=0, n_excluded_before_coverage=1, n_excluded_follow_up_coverage=0, n_excluded_no_comparison=0, "
                        + "n_excluded_washout=1, n_known_to_hospital=2]",
                "2024 [n_analysed=25, n_excluded_before_coverage=0, n_excluded_follow_up_coverage=0, n_excluded_no_comparison=0, "
                        + "n_excluded_washout=0, n_known_to_hospital=25]",
                "2025 [n_analysed=0, n_excluded_before_coverage=0, n_excluded_follow_up_coverage=1, n_excluded_no_comparison=0, "
                        + "n_excluded_washout=0, n_known_to_hospital=1]");
        // the matched people and their comparisons are the indicator's region rows (2024: 25 matched, 26 comparison patients)
        assertThat(FixtureLake.query(warehouse, "SELECT CAST(treated AS BIGINT) AS treated, CAST(matched AS BIGINT) AS matched, "
                + "CAST(comparison_people AS BIGINT) AS comparison FROM evaluation_flow WHERE indicator = 'hospitalisation' AND year = 2024"))
                .containsExactly(Map.of("treated", 25L, "matched", 25L, "comparison", 26L));
        // T1's comparison: P1 at its discharge + 5 days and P2 (a later participant) at its discharge + 5 days, 1/2 each
        assertThat(FixtureLake.query(warehouse, """
                SELECT c.person_key AS comparison, m.comparison_index_on AS day, m.weight, e.anchor, e.lag
                FROM evaluation_match m JOIN evaluation_cohort e ON e.person_sk = m.treated_sk AND e.analysis = m.analysis
                JOIN dim_person t ON t.person_sk = m.treated_sk JOIN dim_person c ON c.person_sk = m.comparison_sk
                WHERE m.analysis = 'hospital' AND t.person_key = '%s' ORDER BY day""".formatted(key("c", 1))))
                .extracting(r -> r.get("comparison") + " " + r.get("day") + " " + r.get("weight") + " " + r.get("anchor") + " " + r.get("lag"))
                .containsExactly(key("d", 2) + " 2024-03-10 0.5 after_discharge 5", key("d", 1) + " 2024-04-04 0.5 after_discharge 5");
        // the draws: each person's weights sum to 1, and person 1's comparison holds only patients of its stratum
        assertThat(FixtureLake.query(warehouse, "SELECT count(*) AS n FROM (SELECT analysis, treated_sk, sum(weight) AS w FROM evaluation_match "
                + "GROUP BY ALL HAVING abs(w - 1) > 1e-9)")).containsExactly(Map.of("n", 0L));
    }

    @Test
    void testExampleHospitalisationBeforeAfterReturnsRows() throws Exception {
        String example = Files.readString(Path.of("sql/examples/hospitalisation_before_after.sql"));
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(example)) {
            int rows = 0;
            int shown = 0;
            while (rs.next()) {
                if (rs.getInt("first_contact_year") != 2024) {
                    continue;
                }
                rows++;
                if (rs.getObject("people") != null) {
                    shown++;
                    assertThat(rs.getString("share_involuntary_before")).as("joined on its own cell").isNotNull();
                }
            }
            // région, département 69 (Le Vinatier) and 38 (T1 alone), one per cohort; 38 is masked (1 person), and 69
            // with it (the région's total would give it)
            assertThat(rows).isEqualTo(6);
            assertThat(shown).isEqualTo(2);
        }
    }

    @Test
    void testInvoluntaryCareIndicatorMatchesTheHandComputation() throws Exception {
        assertThat(FixtureLake.query(warehouse, "SELECT cohort, people, people_involuntary_before AS nb, people_involuntary_after AS na, "
                + "share_involuntary_before AS b, share_involuntary_after AS a, did_estimate AS did FROM ind_involuntary_care "
                + "WHERE level = 'region' AND year = 2024 ORDER BY cohort"))
                .extracting(r -> r.get("cohort") + " " + r.get("people") + " " + r.get("nb") + " " + r.get("na") + " " + r.get("b") + " "
                        + r.get("a") + " " + r.get("did"))
                .containsExactly("comparison 26.0 null null 0.96 0.0 null", "peer_support 25.0 25.0 0.0 1.0 0.0 -0.04");
    }

    @Test
    void testACellWithOneCountFromOneToTenIsMaskedWhole() throws Exception {
        // every cell of the fixture with a people count from 1 to 10 shows every value NULL and is_masked in the cells
        // the research views read
        List<Map<String, Object>> small = FixtureLake.query(warehouse, """
                SELECT indicator, level, structure_id, departement, year, breakdown FROM ind_cell
                GROUP BY ALL HAVING bool_or(kind = 'count' AND value BETWEEN 1 AND 10)""");
        assertThat(small).isNotEmpty();
        List<Map<String, Object>> shown = FixtureLake.query(warehouse, """
                SELECT m.indicator, m.measure, m.value, m.is_masked FROM ind_cell_masked m
                JOIN (SELECT indicator, level, structure_id, departement, year, breakdown FROM ind_cell
                      GROUP BY ALL HAVING bool_or(kind = 'count' AND value BETWEEN 1 AND 10)) s
                  ON s.indicator = m.indicator AND s.level = m.level AND s.structure_id IS NOT DISTINCT FROM m.structure_id
                 AND s.departement IS NOT DISTINCT FROM m.departement AND s.year IS NOT DISTINCT FROM m.year
                 AND s.breakdown IS NOT DISTINCT FROM m.breakdown""");
        assertThat(shown).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("is_masked")).as("%s", r).isEqualTo(true);
            assertThat(r.get("value")).as("%s", r).isNull();
        });
    }

    private static String key(String copy, int i) {
        return String.format("%063x", i) + copy.charAt(0);
    }

    private static Map<String, Object> stay(String stayNo, LocalDate start, int days, String form, String legal) {
        return stay("690780648", stayNo, start, days, form, legal);
    }

    private static Map<String, Object> stay(String finess, String stayNo, LocalDate start, int days, String form, String legal) {
        Map<String, Object> row = new HashMap<>();
        row.put("finess", finess);
        row.put("stay_no", stayNo);
        row.put("sequence_no", 1);
        row.put("stay_start_on", start);
        row.put("sequence_start_on", start);
        row.put("sequence_end_on", start.plusDays(days));
        row.put("activity_form", form);
        row.put("legal_mode", legal);
        row.put("days_present", days);
        return row;
    }

    private static Map<String, Object> person(String key, Map<String, Object> fields) {
        Map<String, Object> row = new HashMap<>(fields);
        row.put("person_key", key);
        row.put("person_key_id", "k1");
        row.put("sex", "F");
        row.put("birth_year", 1980);
        row.put("residence_dept", "69");
        row.put("_partner", "ch-le-vinatier");
        row.put("_feed", "fixture");
        row.put("_source_sha256", "f".repeat(64));
        row.put("_source_line", 2L);
        row.put("_period", "fixture");
        row.put("_pulled_at", Instant.parse("2025-12-31T00:00:00Z"));
        row.put("_job_execution_id", 1L);
        return row;
    }

    private static void write(LakeLayout lake, DatasetSpec dataset, List<Map<String, Object>> rows) throws Exception {
        List<LakeColumn> schema = LakeLayout.schema(dataset);
        Path dir = lake.batchDir(dataset.name(), "ch-le-vinatier", "f".repeat(64));
        Files.createDirectories(dir);
        try (ParquetPartWriter writer = ParquetPartWriter.open(dir.resolve("part-00000.parquet"), schema, ParquetWriteOptions.defaults())) {
            for (Map<String, Object> row : rows) {
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.get(schema.get(i).name());
                }
                writer.write(values);
            }
        }
    }
}
