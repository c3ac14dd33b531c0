package fr.pairobs.warehouse;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static fr.pairobs.warehouse.FixtureLake.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Coverage per feed and full-time episodes on a hand-made lake.
 * RIM-P: CH Le Vinatier sends 2024 and 2025, CHS Alpes-Isère only 2024 (one year late). Peer contacts:
 * Le Vinatier quarterly up to 2025-T4, GEM Les 4 Saisons 2025T1 and 2025T2 only.
 * Person 1: first peer contact 2024-03-01 at Le Vinatier; 12 months later is 2025-03-01, past the end of
 * CHS Alpes-Isère's coverage (2024-12-31), so hospital follow-up is short although contacts cover 2025.
 * Person 2 (hospital only): 2024-02-01 to 02-10 at Le Vinatier, transferred the same day to CHS
 * Alpes-Isère until 02-20, with an overlapping Le Vinatier sequence 02-15 to 02-18 (one episode of three
 * sequences, discharged 02-20); a new stay 2024-03-01 to 03-05 (a readmission 10 days after discharge);
 * a stay from 2025-06-01 with no end yet (open: no discharge). Episodes: 3; readmitted within 30 days: 1.
 */
class CoverageFixtureTest {
    @TempDir
    static Path home;

    static Path warehouse;

    @BeforeAll
    static void build() throws Exception {
        FixtureLake lake = new FixtureLake(home);
        lake.add("peer_contacts", "ch-le-vinatier", "2024-T1", contact(1, "V1", LocalDate.of(2024, 3, 1)));
        lake.add("peer_contacts", "ch-le-vinatier", "2025-T4", contact(1, "V2", LocalDate.of(2025, 11, 2)));
        lake.add("peer_contacts", "gem-4-saisons", "2025T1", contact(3, "G1", LocalDate.of(2025, 2, 3)));
        lake.add("peer_contacts", "gem-4-saisons", "2025T2", contact(3, "G2", LocalDate.of(2025, 5, 3)));
        lake.add("hospital_stays", "ch-le-vinatier", "2024", stay(1, "690780648", "P1", 1, LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 25)));
        lake.add("hospital_stays", "ch-le-vinatier", "2024", stay(2, "690780648", "R1", 1, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 10)));
        lake.add("hospital_stays", "chs-alpes-isere", "2024", stay(2, "380780080", "R2", 1, LocalDate.of(2024, 2, 10), LocalDate.of(2024, 2, 20)));
        lake.add("hospital_stays", "ch-le-vinatier", "2024", stay(2, "690780648", "R3", 1, LocalDate.of(2024, 2, 15), LocalDate.of(2024, 2, 18)));
        lake.add("hospital_stays", "ch-le-vinatier", "2024", stay(2, "690780648", "R4", 1, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 5)));
        lake.add("hospital_stays", "ch-le-vinatier", "2025", stay(2, "690780648", "R5", 1, LocalDate.of(2025, 6, 1), null));
        warehouse = lake.build(home.resolve("coverage.duckdb"));
    }

    @Test
    void testCoverageIsTheEndOfTheLastPeriodOfEachFeed() throws Exception {
        List<Map<String, Object>> rows = FixtureLake.query(warehouse,
                "SELECT dataset, partner_id, last_period, CAST(coverage_end AS VARCHAR) AS coverage_end FROM feed_coverage ORDER BY ALL");
        assertThat(rows).extracting(r -> r.get("dataset") + " " + r.get("partner_id") + " " + r.get("last_period") + " " + r.get("coverage_end"))
                .containsExactly(
                        "hospital_stays ch-le-vinatier 2025 2025-12-31",
                        "hospital_stays chs-alpes-isere 2024 2024-12-31",
                        "peer_contacts ch-le-vinatier 2025-T4 2025-12-31",
                        "peer_contacts gem-4-saisons 2025T2 2025-06-30");
    }

    @Test
    void testALaggingFeedIsNamedWithItsPartnerAndMissingPeriods() throws Exception {
        List<Map<String, Object>> rows = FixtureLake.check(warehouse, "chk_completeness_feed_lag");
        assertThat(rows).hasSize(2);
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(entry("feed", "hospital_stays"), entry("partner", "chs-alpes-isere"),
                entry("missing_periods", "2025")));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(entry("feed", "peer_contacts"), entry("partner", "gem-4-saisons"),
                entry("missing_periods", "2025T3, 2025T4")));
    }

    @Test
    void testHospitalFollowUpEndsAtTheCoverageOfEveryRimpFeed() throws Exception {
        // the contacts cover 12 months after 2024-03-01, CHS Alpes-Isère's RIM-P does not
        assertThat(FixtureLake.query(warehouse, "SELECT has_12m_follow_up, has_12m_hospital_follow_up, full_time_days_before "
                + "FROM person_evaluation JOIN dim_person USING (person_sk) WHERE person_key = '" + key(1) + "'"))
                .containsExactly(Map.of("has_12m_follow_up", true, "has_12m_hospital_follow_up", false, "full_time_days_before", 20.0));
        // person 1's first contact (2024-03-01) is also within 3 months of the contact feed's start (2024-T1) and its
        // year before starts before RIM-P (2024): the first exclusion that applies is the one counted
        assertThat(FixtureLake.query(warehouse, "SELECT analysis, exclusion FROM evaluation_cohort ORDER BY analysis"))
                .as("one row per analysis, not analysed")
                .containsExactly(Map.of("analysis", "hospital", "exclusion", "washout"), Map.of("analysis", "readmission", "exclusion", "washout"));
    }

    @Test
    void testTransfersAndOverlapsAreOneEpisodeAndAnOpenSequenceHasNoDischarge() throws Exception {
        List<Map<String, Object>> rows = FixtureLake.query(warehouse, """
                SELECT CAST(admitted_on AS VARCHAR) AS admitted, CAST(discharged_on AS VARCHAR) AS discharged, sequences, is_open,
                       CAST(next_admitted_on AS VARCHAR) AS next_admitted
                FROM hospital_episode e JOIN dim_person p USING (person_sk)
                WHERE p.person_key = '%s' ORDER BY episode_no""".formatted(key(2)));
        assertThat(rows).extracting(r -> r.get("admitted") + " " + r.get("discharged") + " " + r.get("sequences") + " " + r.get("is_open")
                + " " + r.get("next_admitted")).containsExactly(
                        "2024-02-01 2024-02-20 3 false 2024-03-01",
                        "2024-03-01 2024-03-05 1 false 2025-06-01",
                        "2025-06-01 null 1 true null");
        assertThat(FixtureLake.query(warehouse, """
                SELECT count(*) FILTER (WHERE next_admitted_on <= discharged_on + 30) AS readmitted_30
                FROM hospital_episode e JOIN dim_person p USING (person_sk) WHERE p.person_key = '%s'""".formatted(key(2))))
                .containsExactly(Map.of("readmitted_30", 1L));
    }

    private static Map<String, Object> contact(int person, String id, LocalDate on) {
        return Map.of("person_key", key(person), "contact_id", id, "structure_id", "690780648", "contact_on", on, "modality", "individual");
    }

    private static Map<String, Object> stay(int person, String finess, String stayNo, int sequence, LocalDate start, LocalDate end) {
        Map<String, Object> row = new HashMap<>();
        row.put("person_key", key(person));
        row.put("finess", finess);
        row.put("stay_no", stayNo);
        row.put("sequence_no", sequence);
        row.put("stay_start_on", start);
        row.put("sequence_start_on", start);
        row.put("sequence_end_on", end);
        row.put("activity_form", "01");
        row.put("legal_mode", "1");
        row.put("days_present", end == null ? 0 : (int) (end.toEpochDay() - start.toEpochDay()));
        return row;
    }
}
