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
 * Hand computation: mean before = (11 + 12 + ... + 22) / 12 = 16.5; mean after = (1 + ... + 12) / 12 = 6.5;
 * difference = -10; involuntary before 11 / 12 = 0.9167, after 0.
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
        String twelve = String.format("%064x", 12);
        stays.add(person(twelve, stay("OLD", LocalDate.of(2023, 1, 5), 30, "01", "3")));
        stays.add(person(twelve, stay("DAY", LocalDate.of(2023, 9, 1), 20, "20", "1")));
        contacts.add(person(String.format("%064x", 1), Map.of("contact_id", "C-late", "structure_id", "690780648",
                "contact_on", LocalDate.of(2025, 3, 1), "modality", "group")));
        write(lake, catalog.dataset("peer_contacts"), contacts);
        write(lake, catalog.dataset("hospital_stays"), stays);
        warehouse = home.resolve("fixture.duckdb");
        new WarehouseBuilder(catalog, lake, Path.of("sql").toAbsolutePath(), Path.of("config").toAbsolutePath()).build(warehouse);
    }

    @Test
    void testHospitalisationIndicatorMatchesTheHandComputation() throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT people, mean_full_time_days_before, mean_full_time_days_after, mean_difference, is_masked "
                        + "FROM ind_hospitalisation WHERE level = 'region' AND year = 2024")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(12.0);
            assertThat(rs.getDouble(2)).isEqualTo(16.5);
            assertThat(rs.getDouble(3)).isEqualTo(6.5);
            assertThat(rs.getDouble(4)).isEqualTo(-10.0);
            assertThat(rs.getBoolean(5)).isFalse();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void testInvoluntaryCareIndicatorMatchesTheHandComputation() throws Exception {
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT people, people_involuntary_before, people_involuntary_after, share_involuntary_before, "
                        + "share_involuntary_after FROM ind_involuntary_care WHERE level = 'structure' AND year = 2024")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(12.0);
            assertThat(rs.getDouble(2)).isEqualTo(11.0);
            assertThat(rs.getDouble(3)).isEqualTo(0.0);
            assertThat(rs.getDouble(4)).isEqualTo(0.9167);
            assertThat(rs.getDouble(5)).isEqualTo(0.0);
        }
    }

    @Test
    void testACellWithOneCountFromOneToTenIsMaskedWhole() throws Exception {
        // 12 people reached, but only person 1 is still in contact 3 months later: a count of 1 masks the whole cell
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE is_masked), count(*), count(people_reached), "
                        + "count(contacts_per_person) FROM ind_engagement WHERE year = 2024")) {
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
