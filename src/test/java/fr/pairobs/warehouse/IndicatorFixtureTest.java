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

/**
 * The warehouse SQL on a small hand-made lake whose indicator values are computed by hand:
 * twelve people, first peer contact on 2024-01-10 at CH Le Vinatier;
 * person i has a full-time sequence of 10 + i days starting 2023-06-01 (in the 12 months before) and
 * one of i days starting 2024-06-01 (in the 12 months after). Person 12 also has a full-time sequence
 * starting 2023-01-05 (before the window) and a part-time one (not counted). Persons 1 to 11 are in
 * involuntary care before, nobody after.
 * Days are counted by the overlap of each sequence with each window: person 12's sequence of 2023-01-05
 * to 2023-02-04 (involuntary) runs 25 days into the window before (from 2023-01-10), so person 12 has
 * 22 + 25 = 47 days before and is in involuntary care before, like persons 1 to 11.
 * Twelve comparison patients of the same hospital, without peer contact, same sex, birth year and
 * residence: their index date is drawn from the treated calendar (every first contact is 2024-01-10).
 * Patients 1 to 11 have 20 days before and 20 + (j - 6) after (changes -5..5, mean 0), patients 1 to 4
 * in involuntary care before only; patient 12 has 40 days before and after. Strata (prior-year days
 * band): persons 1-11 with patients 1-11 (band 1-29), person 12 with patient 12 (band 30+).
 * Hand computation, hospitalisation: peer support before (11 + ... + 21 + 47) / 12 = 223 / 12 = 18.58,
 * after 78 / 12 = 6.5, change -145 / 12 = -12.08; comparison (weights 1) before and after 260 / 12 = 21.67,
 * change 0; DiD -12.08. SE² = var(changes) / 12 + Σ (change - 0)² / 12² = (82500 / 144 / 11) / 12 + 110 / 144
 * = 5.104167, SE 2.25924, interval -12.0833 ± 4.42811 = [-16.51, -7.66].
 * Involuntary care: peer support 12 / 12 before, 0 after; comparison before (4 + 0) / 12 = 0.3333, after 0;
 * DiD = -1 - (-0.3333) = -0.6667; SE² = 0 + (308 / 121 + 11 (1/33)² + (1/3)²) / 144 = 0.0185185, SE 0.136083,
 * interval [-0.9334, -0.3999].
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
        for (int i = 1; i <= 12; i++) {
            String key = String.format("%064x", i);
            contacts.add(person(key, Map.of("contact_id", "C" + i, "structure_id", "690780648", "contact_on", LocalDate.of(2024, 1, 10),
                    "modality", "individual")));
            stays.add(person(key, stay("B" + i, LocalDate.of(2023, 6, 1), 10 + i, "01", i <= 11 ? "3" : "1")));
            stays.add(person(key, stay("A" + i, LocalDate.of(2024, 6, 1), i, "01", "1")));
        }
        for (int j = 1; j <= 12; j++) {
            String key = String.format("%064x", 100 + j);
            int before = j == 12 ? 40 : 20;
            int after = j == 12 ? 40 : 20 + (j - 6);
            stays.add(person(key, stay("CB" + j, LocalDate.of(2023, 6, 1), before, "01", j <= 4 ? "7" : "1")));
            stays.add(person(key, stay("CA" + j, LocalDate.of(2024, 6, 1), after, "01", "1")));
        }
        String twelve = String.format("%064x", 12);
        stays.add(person(twelve, stay("OLD", LocalDate.of(2023, 1, 5), 30, "01", "3")));
        stays.add(person(twelve, stay("DAY", LocalDate.of(2023, 9, 1), 20, "20", "1")));
        contacts.add(person(String.format("%064x", 1), Map.of("contact_id", "C-late", "structure_id", "690780648",
                "contact_on", LocalDate.of(2025, 3, 1), "modality", "group")));
        write(lake, catalog.dataset("peer_contacts"), contacts);
        // the RIM-P export of 2025: hospital follow-up ends at the end of the feed's coverage, 2025-12-31
        stays.forEach(row -> row.put("_period", "2025"));
        write(lake, catalog.dataset("hospital_stays"), stays);
        warehouse = home.resolve("fixture.duckdb");
        new WarehouseBuilder(catalog, lake, Path.of("sql").toAbsolutePath(), Path.of("config").toAbsolutePath()).build(warehouse);
    }

    @Test
    void testHospitalisationIndicatorMatchesTheHandComputation() throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT cohort, people, mean_full_time_days_before, mean_full_time_days_after, mean_difference, "
                        + "did_estimate, did_ci_low, did_ci_high, is_masked FROM ind_hospitalisation WHERE level = 'region' AND year = 2024 "
                        + "ORDER BY cohort")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("comparison");
            assertThat(rs.getDouble(2)).isEqualTo(12.0);
            assertThat(rs.getDouble(3)).isEqualTo(21.67);
            assertThat(rs.getDouble(4)).isEqualTo(21.67);
            assertThat(rs.getDouble(5)).isEqualTo(0.0);
            assertThat(rs.getObject(6)).as("the estimate is on the peer_support row").isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("peer_support");
            assertThat(rs.getDouble(2)).isEqualTo(12.0);
            assertThat(rs.getDouble(3)).as("person 12's sequence overlapping the window counts its 25 days").isEqualTo(18.58);
            assertThat(rs.getDouble(4)).isEqualTo(6.5);
            assertThat(rs.getDouble(5)).isEqualTo(-12.08);
            assertThat(rs.getDouble(6)).isEqualTo(-12.08);
            assertThat(rs.getDouble(7)).isEqualTo(-16.51);
            assertThat(rs.getDouble(8)).isEqualTo(-7.66);
            assertThat(rs.getBoolean(9)).isFalse();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void testExampleHospitalisationBeforeAfterReturnsRows() throws Exception {
        String example = Files.readString(Path.of("sql/examples/hospitalisation_before_after.sql"));
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(example)) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString("share_involuntary_before")).as("joined on its own cell").isNotNull();
            }
            // région and département 69 (Le Vinatier), one per cohort
            assertThat(rows).isEqualTo(4);
        }
    }

    @Test
    void testInvoluntaryCareIndicatorMatchesTheHandComputation() throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT people, people_involuntary_before, people_involuntary_after, share_involuntary_before, "
                        + "share_involuntary_after, did_estimate, did_ci_low, did_ci_high FROM ind_involuntary_care "
                        + "WHERE level = 'structure' AND year = 2024 AND cohort = 'peer_support'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(12.0);
            assertThat(rs.getDouble(2)).as("person 12's involuntary sequence overlaps the window before").isEqualTo(12.0);
            assertThat(rs.getDouble(3)).isEqualTo(0.0);
            assertThat(rs.getDouble(4)).isEqualTo(1.0);
            assertThat(rs.getDouble(5)).isEqualTo(0.0);
            assertThat(rs.getDouble(6)).isEqualTo(-0.6667);
            assertThat(rs.getDouble(7)).isEqualTo(-0.9334);
            assertThat(rs.getDouble(8)).isEqualTo(-0.3999);
        }
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT people, share_involuntary_before, share_involuntary_after FROM ind_involuntary_care "
                        + "WHERE level = 'structure' AND year = 2024 AND cohort = 'comparison'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(12.0);
            assertThat(rs.getDouble(2)).isEqualTo(0.3333);
            assertThat(rs.getDouble(3)).isEqualTo(0.0);
        }
    }

    @Test
    void testACellWithOneCountFromOneToTenIsMaskedWhole() throws Exception {
        // 12 people reached, but only person 1 is still in contact 3 months later: a count of 1 masks the whole cell
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE is_masked), count(*), count(people_reached), "
                        + "count(contacts_per_person) FROM ind_engagement WHERE year = 2024 AND territory = 'structure'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3);
            assertThat(rs.getLong(2)).isEqualTo(3);
            assertThat(rs.getLong(3)).isZero();
            assertThat(rs.getLong(4)).isZero();
        }
    }

    private static Map<String, Object> stay(String stayNo, LocalDate start, int days, String form, String legal) {
        Map<String, Object> row = new HashMap<>();
        row.put("finess", "690780648");
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
