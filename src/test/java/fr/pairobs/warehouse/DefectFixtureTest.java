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
import static fr.pairobs.warehouse.FixtureLake.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery, engagement, satisfaction, workforce, funding, rights and linkage defects of the review, each on a
 * small hand-made lake with its expected values computed by hand (in each test's comment).
 */
class DefectFixtureTest {
    private static final String VINATIER = "690780648";
    private static final String ALPES_ISERE = "380780080";
    private static final String CONSTELLATION = "OBS-GEM-CONSTELLATION";

    @TempDir
    static Path home;

    static Path warehouse;

    @BeforeAll
    static void build() throws Exception {
        FixtureLake lake = new FixtureLake(home);
        // recovery: 12 people, baseline 2024-01-15 WEMWBS 40 and ISMI-10 30; at 6 months everybody, WEMWBS 44 and
        // ISMI-10 27; at 12 months persons 201-211 only, WEMWBS 46
        for (int p = 201; p <= 212; p++) {
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "W0", LocalDate.of(2024, 1, 15), "WEMWBS", 40, "baseline"));
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "I0", LocalDate.of(2024, 1, 15), "ISMI-10", 30, "baseline"));
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "W6", LocalDate.of(2024, 7, 15), "WEMWBS", 44, "6m"));
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "I6", LocalDate.of(2024, 7, 15), "ISMI-10", 27, "6m"));
            if (p <= 211) {
                lake.add("outcome_assessments", "ch-le-vinatier", "2025", score(p, "W12", LocalDate.of(2025, 1, 15), "WEMWBS", 46, "12m"));
            }
        }
        // attrition (QPR-15, baseline 2024-03-01): 701-724 start at 20 and only 701-712 are seen at 6 months (30);
        // 725-736 start at 40 and are all seen at 6 months (45)
        for (int p = 701; p <= 736; p++) {
            boolean low = p <= 724;
            lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "Q0", LocalDate.of(2024, 3, 1), "QPR-15", low ? 20 : 40, "baseline"));
            if (p <= 712 || !low) {
                lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "Q6", LocalDate.of(2024, 9, 1), "QPR-15", low ? 30 : 45, "6m"));
            }
        }
        // two partners (RAS-24): 801-812 have a baseline at Le Vinatier (60, 2024-02-01) and another at GEM Constellation
        // (70, 2024-03-01), and only the GEM's 6-month score (90, 2024-09-01). The GEM also gives them its CSQ-8 at 6
        // months (28); 813-824 have a baseline there (EAS) and never answer the CSQ-8.
        for (int p = 801; p <= 824; p++) {
            if (p <= 812) {
                lake.add("outcome_assessments", "ch-le-vinatier", "2024", score(p, "R0", LocalDate.of(2024, 2, 1), "RAS-24", 60, "baseline"));
                lake.add("outcome_assessments", "gem-constellation", "2024",
                        score(p, "G0", LocalDate.of(2024, 3, 1), "RAS-24", 70, "baseline", CONSTELLATION));
                lake.add("outcome_assessments", "gem-constellation", "2024",
                        score(p, "G6", LocalDate.of(2024, 9, 1), "RAS-24", 90, "6m", CONSTELLATION));
                lake.add("outcome_assessments", "gem-constellation", "2024",
                        score(p, "S6", LocalDate.of(2024, 9, 1), "CSQ-8", 28, "6m", CONSTELLATION));
            } else {
                lake.add("outcome_assessments", "gem-constellation", "2024",
                        score(p, "E0", LocalDate.of(2024, 3, 1), "EAS", 20, "baseline", CONSTELLATION));
            }
        }
        // engagement: persons 301-312 start 2024-03-01 (residence 69); 301-311 come back 2025-02-01; persons 313-323
        // start 2025-04-01 with no residence on record
        for (int p = 301; p <= 323; p++) {
            LocalDate first = p <= 312 ? LocalDate.of(2024, 3, 1) : LocalDate.of(2025, 4, 1);
            Map<String, Object> contact = contact(p, "E" + p, first, VINATIER);
            if (p >= 313) {
                contact.put("residence_dept", null);
            }
            lake.add("peer_contacts", "ch-le-vinatier", p <= 312 ? "2024-T1" : "2025-T2", contact);
            if (p <= 311) {
                lake.add("peer_contacts", "ch-le-vinatier", "2025-T1", contact(p, "F" + p, LocalDate.of(2025, 2, 1), VINATIER));
            }
        }
        // rights: persons 401-424 first contact 2023-02-01 (at CHS Alpes-Isère, apart from the engagement cells)
        for (int p = 401; p <= 424; p++) {
            lake.add("peer_contacts", "chs-alpes-isere", "2023-T1", contact(p, "R" + p, LocalDate.of(2023, 2, 1), ALPES_ISERE));
        }
        for (int p = 401; p <= 422; p++) {
            lake.add("rights_events", "asso-rehab", "2023", right(p, "Q" + p, LocalDate.of(2023, 3, 1), "requested"));
            lake.add("rights_events", "asso-rehab", "2023", right(p, "D" + p, LocalDate.of(2023, p <= 411 ? 9 : 10, 1),
                    p <= 411 ? "obtained" : "refused"));
        }
        // 423's procedure starts in month 14: not in the denominator; 424 obtained a right before the first contact
        lake.add("rights_events", "asso-rehab", "2024", right(423, "Q423", LocalDate.of(2024, 4, 1), "requested"));
        lake.add("rights_events", "asso-rehab", "2024", right(423, "D423", LocalDate.of(2024, 6, 1), "obtained"));
        lake.add("rights_events", "asso-rehab", "2022", right(424, "O424", LocalDate.of(2022, 12, 1), "obtained"));
        lake.add("rights_events", "asso-rehab", "2023", right(424, "Q424", LocalDate.of(2023, 3, 1), "requested"));
        lake.add("rights_events", "asso-rehab", "2023", right(424, "D424", LocalDate.of(2023, 5, 1), "refused"));
        // workforce 2024: Le Vinatier has 12 paid positions, P1-P10 of 1.0 FTE funded by the ARS FIR and P11-P12 of
        // 0.5 FTE funded by the Rhône département; GEM Constellation has 12 volunteers of 0.2 FTE each
        for (int i = 1; i <= 12; i++) {
            lake.add("peer_workers", "observatoire", "2024", position("P" + i, VINATIER, i <= 10 ? 1.0 : 0.5,
                    i <= 10 ? "ARS FIR" : "Département du Rhône"));
            Map<String, Object> volunteer = position("V" + i, CONSTELLATION, 0.2, "CNSA");
            volunteer.putAll(Map.of("role", "volunteer", "contract", "volunteer", "training", "association course"));
            lake.add("peer_workers", "observatoire", "2024", volunteer);
        }
        // funding 2024, positions: ARS FIR to Le Vinatier (surveyed) 30,000 + 10,000 in two lines and to CHS
        // Alpes-Isère (no survey) 50,000; the Rhône département to Le Vinatier 15,000
        lake.add("funding", "ars-ara", "2024", grant("G1", VINATIER, 30_000));
        lake.add("funding", "ars-ara", "2024", grant("G2", VINATIER, 10_000));
        lake.add("funding", "ars-ara", "2024", grant("G3", ALPES_ISERE, 50_000));
        Map<String, Object> rhone = grant("G4", VINATIER, 15_000);
        rhone.putAll(Map.of("funder", "Département du Rhône", "funder_type", "departement"));
        lake.add("funding", "ars-ara", "2024", rhone);
        // linkage (2022): homonyms 501 and 502 share traits key 600 at the hospital; GEM Constellation sends three
        // contacts with those traits only. 503 is sent by NIR alone (RIM-P) and with traits 603 (hospital contacts);
        // the GEM's traits 603 join the same person. Traits 604 are seen with NIR 504 under key version k1 and NIR
        // 505 under k2 (a rotation, not homonyms); the GEM's row of traits 604 under k2 goes to 505.
        lake.add("peer_contacts", "ch-le-vinatier", "2022-T2", linked(501, 600, "k1", "L1"));
        lake.add("peer_contacts", "ch-le-vinatier", "2022-T2", linked(502, 600, "k1", "L2"));
        for (int i = 1; i <= 3; i++) {
            lake.add("peer_contacts", "gem-constellation", "2022-S1", linked(600, 600, "k1", "H" + i));
        }
        Map<String, Object> rimp = new HashMap<>(Map.of("person_key", key(503), "finess", VINATIER, "stay_no", "S503", "sequence_no", 1,
                "stay_start_on", LocalDate.of(2022, 5, 1), "sequence_start_on", LocalDate.of(2022, 5, 1),
                "sequence_end_on", LocalDate.of(2022, 5, 11), "activity_form", "01", "legal_mode", "1", "days_present", 10));
        lake.add("hospital_stays", "ch-le-vinatier", "2022", rimp);
        lake.add("peer_contacts", "ch-le-vinatier", "2022-T2", linked(503, 603, "k1", "L3"));
        lake.add("peer_contacts", "gem-constellation", "2022-S1", linked(603, 603, "k1", "H4"));
        lake.add("peer_contacts", "ch-le-vinatier", "2022-T2", linked(504, 604, "k1", "L4"));
        lake.add("peer_contacts", "ch-le-vinatier", "2022-T2", linked(505, 604, "k2", "L5"));
        lake.add("peer_contacts", "gem-constellation", "2022-S1", linked(604, 604, "k2", "H5"));
        warehouse = lake.build(home.resolve("defects.duckdb"));
    }

    @Test
    void testRecoveryKeepsHorizonsApartReportsAttritionAndSignsChangeSoPositiveIsBetter() throws Exception {
        // WEMWBS 6m: 12 expected, 12 followed, 40 -> 44, change +4 (meaningful 3: all improved);
        // WEMWBS 12m: 12 expected (the feed covers 2025), 11 followed, 40 -> 46, change +6;
        // ISMI-10 6m: 30 -> 27, raw change -3, change +3 (lower is better), all improved (meaningful 3)
        List<Map<String, Object>> rows = query(warehouse, """
                SELECT instrument, horizon, n_baseline, n_followed, mean_baseline, mean_follow_up, mean_raw_change, mean_change, share_improved
                FROM ind_recovery WHERE level = 'region' AND year = 2024 AND n_followed > 0 AND instrument IN ('WEMWBS', 'ISMI-10')
                ORDER BY instrument, horizon""");
        assertThat(rows).extracting(r -> r.values().toString()).containsExactly(
                "[ISMI-10, 6m, 12.0, 12.0, 30.0, 27.0, -3.0, 3.0, 1.0]",
                "[WEMWBS, 12m, 12.0, 11.0, 40.0, 46.0, 6.0, 6.0, 1.0]",
                "[WEMWBS, 6m, 12.0, 12.0, 40.0, 44.0, 4.0, 4.0, 1.0]");
        // ISMI-10 at 12 months: 12 expected, nobody followed
        assertThat(query(warehouse, "SELECT n_baseline, n_followed FROM ind_recovery WHERE level = 'region' AND year = 2024 "
                + "AND instrument = 'ISMI-10' AND horizon = '12m'")).extracting(r -> r.values().toString()).containsExactly("[12.0, 0.0]");
        // WEMWBS 12m: 11 / 12 = 0.9167 followed; one class, so weighted = completers = +6; the one lost (baseline 40,
        // range 14-70) at worst 14 - 40 = -26, at best 70 - 40 = +30: bounds (11 x 6 - 26) / 12 = 3.33, (11 x 6 + 30) / 12 = 8.0
        assertThat(query(warehouse, """
                SELECT follow_up_rate, mean_change_completers, mean_change_weighted, mean_change_bound_low, mean_change_bound_high
                FROM ind_recovery WHERE level = 'region' AND year = 2024 AND instrument = 'WEMWBS' AND horizon = '12m'"""))
                .extracting(r -> r.values().toString()).containsExactly("[0.9167, 6.0, 6.0, 3.33, 8.0]");
    }

    @Test
    void testRecoveryPairsABaselineOnlyWithTheSamePartnersFollowUp() throws Exception {
        // RAS-24 6m: two courses per person (24 expected); the GEM's are followed, 70 -> 90 = +20 (not 90 - 60 = +30
        // from Le Vinatier's baseline); Le Vinatier's 12 are lost. 12m: only Le Vinatier's feed covers 2025-02-01 (12
        // expected, none followed); the GEM's (2024 only) does not cover 2025-03-01
        assertThat(query(warehouse, """
                SELECT horizon, n_baseline, n_followed, mean_baseline, mean_change_completers FROM ind_recovery
                WHERE level = 'region' AND year = 2024 AND instrument = 'RAS-24' ORDER BY horizon"""))
                .extracting(r -> r.values().toString()).containsExactly("[12m, 12.0, 0.0, null, null]", "[6m, 24.0, 12.0, 70.0, 20.0]");
        assertThat(query(warehouse, "SELECT count(*) AS n FROM person_instrument_change WHERE instrument = 'RAS-24' AND horizon = '6m' "
                + "AND partner_id = 'ch-le-vinatier' AND is_followed")).extracting(r -> r.get("n")).containsExactly(0L);
    }

    @Test
    void testWeightedChangeStandsTheFollowedForTheLostOfTheirBaselineBand() throws Exception {
        // QPR-15 6m, 36 expected, 24 followed (0.6667). Bands: 701-724 (baseline 20) and 725-736 (40), one age band.
        // Completers: (12 x 10 + 12 x 5) / 24 = 7.5. Weights: band 20 has 24 courses for 12 followed (weight 2), band 40
        // 12 for 12 (weight 1): (12 x 2 x 10 + 12 x 5) / (24 + 12) = 300 / 36 = 8.33, what all 36 would show if the lost
        // had changed as the followed of their band. Bounds: the 12 lost (baseline 20, range 0-60) at worst -20, at
        // best +40: (180 - 240) / 36 = -1.67 and (180 + 480) / 36 = 18.33
        assertThat(query(warehouse, """
                SELECT n_baseline, n_followed, follow_up_rate, mean_change, mean_change_completers, mean_change_weighted,
                       mean_change_bound_low, mean_change_bound_high
                FROM ind_recovery WHERE level = 'region' AND year = 2024 AND instrument = 'QPR-15' AND horizon = '6m'"""))
                .extracting(r -> r.values().toString()).containsExactly("[36.0, 24.0, 0.6667, 7.5, 7.5, 8.33, -1.67, 18.33]");
    }

    @Test
    void testSatisfactionCountsThePeopleDueAndTheResponseRate() throws Exception {
        // GEM Constellation gives the CSQ-8 at 6 months (from 2024-09-01): due 801-812 (answered, 28) and 813-824
        // (baseline 2024-03-01, due 2024-09-01 within the GEM's 2024 feed, no answer): 12 / 24 = 0.5
        assertThat(query(warehouse, "SELECT due, respondents, response_rate, mean_csq8, share_satisfied FROM ind_satisfaction "
                + "WHERE level = 'region' AND year = 2024")).extracting(r -> r.values().toString())
                .containsExactly("[24.0, 12.0, 0.5, 28.0, 1.0]");
    }

    @Test
    void testVolunteersAreApartFromPaidPositionsAndTheirFte() throws Exception {
        // paid: 12 positions, 10 x 1.0 + 2 x 0.5 = 11.0 FTE, 100,000 x 11 / 8,078,652 = 0.14 per 100,000; all CDI and
        // DU: shares 1.0; the 12 volunteers (2.4 FTE) are counted apart and in no FTE
        assertThat(query(warehouse, "SELECT positions, fte, fte_per_100k, share_permanent, share_trained, volunteer_positions "
                + "FROM ind_workforce WHERE level = 'region' AND year = 2024")).extracting(r -> r.values().toString())
                .containsExactly("[12.0, 11.0, 0.14, 1.0, 1.0, 12.0]");
    }

    @Test
    void testEngagementCountsActiveAndNewPeopleAndReachByResidence() throws Exception {
        // 2024: 12 active, 12 new. 2025: 301-311 come back and 313-323 start: 22 active, 11 new
        assertThat(query(warehouse, """
                SELECT year, people_active, people_new FROM ind_engagement
                WHERE level = 'region' AND territory = 'structure' AND year IN (2024, 2025) ORDER BY year"""))
                .extracting(r -> r.values().toString()).containsExactly("[2024, 12.0, 12.0]", "[2025, 22.0, 11.0]");
        // by residence in 2025: 11 active in the Rhône (none new), reach 100,000 x 11 / 1,883,437 = 0.58 -> 0.6;
        // 11 active and new of unknown residence, with no reach
        assertThat(query(warehouse, """
                SELECT departement, people_active, people_new, reach_per_100k FROM ind_engagement
                WHERE level = 'departement' AND territory = 'residence' AND year = 2025 ORDER BY departement"""))
                .extracting(r -> r.values().toString()).containsExactly("[69, 11.0, 0.0, 0.6]", "[unknown, 11.0, 11.0, null]");
    }

    @Test
    void testEurosPerFteDividesEachFundersGrantsByTheFteItFunds() throws Exception {
        // ARS FIR: (30,000 + 10,000) / 10.0 FTE it funds = 4,000 (CHS Alpes-Isère's 50,000 has no survey and stays
        // out); the Rhône département: 15,000 / (2 x 0.5) = 15,000. Dividing by Le Vinatier's whole 11.0 FTE would
        // give 3,636 and 1,364; the volunteers' 2.4 FTE are no one's
        assertThat(query(warehouse, "SELECT funder_type, amount_eur, fte_funded, euros_per_fte FROM ind_funding "
                + "WHERE level = 'region' AND year = 2024 ORDER BY funder_type"))
                .extracting(r -> r.values().toString())
                .containsExactly("[ARS FIR, 90000.0, 10.0, 4000.0]", "[departement, 15000.0, 1.0, 15000.0]");
    }

    @Test
    void testRightsAreBoundedToTheTwelveMonthsAfterEntry() throws Exception {
        // 401-422 and 424 have a procedure step in the 12 months; 423's starts in month 14 and is out;
        // obtained: 401-411 (424's right predates the first contact): 11 / 23 = 0.4783
        assertThat(query(warehouse, "SELECT people_entered, people, people_with_right_obtained, share_right_obtained_12m "
                + "FROM ind_rights WHERE level = 'region' AND year = 2023"))
                .extracting(r -> r.values().toString()).containsExactly("[23.0, 23.0, 11.0, 0.4783]");
    }

    @Test
    void testHomonymsTraitsRowsAreLinkedToNobodyAndCounted() throws Exception {
        assertThat(query(warehouse, "SELECT dataset, partner_id, keys, rows FROM linkage_quality "
                + "WHERE link_rule = 'ambiguous traits, linked to nobody'"))
                .extracting(r -> r.values().toString()).containsExactly("[peer_contacts, gem-constellation, 1, 3]");
        assertThat(query(warehouse, "SELECT count(*) AS n FROM fct_peer_contact WHERE contact_id LIKE 'H_' AND contact_id <= 'H3' "
                + "AND person_sk IS NULL")).extracting(r -> r.get("n")).containsExactly(3L);
        assertThat(query(warehouse, "SELECT count(*) AS n FROM dim_person WHERE person_key = '" + key(600) + "'"))
                .extracting(r -> r.get("n")).containsExactly(0L);
        // the blocking fact-key check accepts the rows linkage links to nobody, and only those
        assertThat(FixtureLake.check(warehouse, "chk_completeness_fact_keys")).isEmpty();
    }

    @Test
    void testLinkageGoesThroughAnyPartnerGivingNirAndTraitsAndHonoursKeyVersions() throws Exception {
        // the RIM-P row (NIR alone), the hospital contact (NIR and traits) and the GEM contact (traits) are one person
        assertThat(query(warehouse, """
                SELECT count(DISTINCT person_sk) AS n FROM (
                  SELECT person_sk FROM fct_hospital_sequence WHERE stay_no = 'S503'
                  UNION ALL SELECT person_sk FROM fct_peer_contact WHERE contact_id IN ('L3', 'H4'))"""))
                .extracting(r -> r.get("n")).containsExactly(1L);
        // traits 604 under k2 link to 505, not ambiguous with 504 of k1
        assertThat(query(warehouse, """
                SELECT p.person_key FROM fct_peer_contact c JOIN dim_person p USING (person_sk) WHERE c.contact_id = 'H5'"""))
                .extracting(r -> r.get("person_key")).containsExactly(key(505));
    }

    private static Map<String, Object> score(int person, String id, LocalDate on, String instrument, double score, String timepoint) {
        return score(person, id, on, instrument, score, timepoint, VINATIER);
    }

    private static Map<String, Object> score(int person, String id, LocalDate on, String instrument, double score, String timepoint,
            String structure) {
        return new HashMap<>(Map.of("person_key", key(person), "assessment_id", id + "-" + person, "structure_id", structure,
                "assessed_on", on, "instrument", instrument, "total_score", score, "timepoint", timepoint));
    }

    private static Map<String, Object> contact(int person, String id, LocalDate on, String structure) {
        return new HashMap<>(Map.of("person_key", key(person), "contact_id", id, "structure_id", structure, "contact_on", on,
                "modality", "individual"));
    }

    private static Map<String, Object> right(int person, String id, LocalDate on, String outcome) {
        return new HashMap<>(Map.of("person_key", key(person), "event_id", id, "structure_id", ALPES_ISERE, "event_on", on,
                "right_code", "housing", "outcome", outcome));
    }

    private static Map<String, Object> position(String id, String structure, double fte, String fundingSource) {
        return new HashMap<>(Map.of("position_id", id, "structure_id", structure, "worker_code", "W" + id, "role", "MSP",
                "contract", "CDI", "fte", fte, "start_on", LocalDate.of(2023, 1, 1), "training", "DU Lyon 1",
                "funding_source", fundingSource));
    }

    private static Map<String, Object> grant(String id, String structure, double amount) {
        return new HashMap<>(Map.of("grant_id", id, "funder", "ARS ARA", "funder_type", "ARS FIR", "structure_id", structure,
                "year", 2024, "amount_eur", amount, "mode", "annual call", "purpose", "positions"));
    }

    private static Map<String, Object> linked(int personKey, int traitsKey, String keyId, String contactId) {
        Map<String, Object> row = contact(personKey, contactId, LocalDate.of(2022, 5, 2), VINATIER);
        row.put("traits_key", key(traitsKey));
        row.put("person_key_id", keyId);
        return row;
    }
}
