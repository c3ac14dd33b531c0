package fr.pairobs.release;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protection and audit on small fixtures whose answers are worked out by hand.
 *
 * <pre>
 * region R = 148 people
 *   département D1 = 68: A = 3, B = 40, C = 25
 *   département D2 = 80: E = 30, F = 50
 * </pre>
 * Threshold 10, margin 3, width half the value, every count known to be at least 1 (a cell exists for one person or more).
 * A (3) is primary. With D1 published, A + (the other masked children of D1) is known, so A needs masked siblings
 * whose values exceed their lower bound 1 by at least 11 − 3 = 8 (so that A's upper bound passes 10): B (39) or C (24);
 * masking D1 instead forces a second département (D2, the region is never masked) and one of its structures, three
 * cells. C hides fewer people than B (25 against 40), so the optimum is {A primary, C secondary}. Then A + C = 28 with
 * A, C ≥ 1: A ∈ [1, 27].
 */
class SuppressionFixtureTest {
    private static final SecrecyRules RULES = new SecrecyRules(10, 3, 0.5, 2, 10, List.of(
            new SecrecyRules.Complement("fx", "n_people", "n_done")), List.of(), List.of());

    private static Cells.Cell cell(String level, String structure, String departement, double people) {
        return cell("fx", level, structure, departement, Map.of("n_people", people));
    }

    private static Cells.Cell cell(String indicator, String level, String structure, String departement, Map<String, Double> values) {
        Map<String, Double> ordered = new LinkedHashMap<>(values);
        Set<String> counts = new java.util.LinkedHashSet<>();
        ordered.keySet().stream().filter(m -> m.startsWith("n_")).forEach(counts::add);
        return new Cells.Cell(new CellKey(indicator, level, structure, departement, 2024, ""), structure, ordered, counts);
    }

    private static Cells fixture() {
        List<Cells.Cell> list = new ArrayList<>();
        list.add(cell("region", null, null, 148));
        list.add(cell("departement", null, "D1", 68));
        list.add(cell("departement", null, "D2", 80));
        list.add(cell("structure", "A", "D1", 3));
        list.add(cell("structure", "B", "D1", 40));
        list.add(cell("structure", "C", "D1", 25));
        list.add(cell("structure", "E", "D2", 30));
        list.add(cell("structure", "F", "D2", 50));
        return new Cells(list);
    }

    private static int index(Cells cells, String level, String structure, String departement) {
        return cells.indexOf(new CellKey("fx", level, structure, departement, 2024, ""));
    }

    @Test
    void testOptimalPatternIsTheHandWorkedOne() {
        Cells cells = fixture();
        Suppression.Result result = new Suppression(cells, RULES).protect();

        List<String> masked = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (result.masked(i)) {
                masked.add(cells.get(i).key().structureId() + ":" + result.reasons()[i]);
            }
        }
        assertThat(masked).containsExactlyInAnyOrder("A:PRIMARY", "C:SECONDARY");
        assertThat(result.fallbackGroups()).isZero();
    }

    @Test
    void testAuditGivesTheHandWorkedIntervalAndCatchesAnUnmaskedPartner() {
        Cells cells = fixture();
        boolean[] masked = new boolean[cells.size()];
        masked[index(cells, "structure", "A", "D1")] = true;
        masked[index(cells, "structure", "C", "D1")] = true;

        List<DisclosureAudit.Finding> findings = new DisclosureAudit(cells, RULES).audit(masked);
        DisclosureAudit.Finding a = findings.stream().filter(f -> "A".equals(f.key().structureId())).findFirst().orElseThrow();
        assertThat(a.min()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.max()).isCloseTo(27.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(findings).allMatch(DisclosureAudit.Finding::passed);

        // C published again: D1 − B − C gives A exactly
        masked[index(cells, "structure", "C", "D1")] = false;
        List<DisclosureAudit.Finding> leaky = new DisclosureAudit(cells, RULES).audit(masked);
        assertThat(leaky).singleElement().satisfies(f -> {
            assertThat(f.key().structureId()).isEqualTo("A");
            assertThat(f.status()).isEqualTo("pinned");
            assertThat(f.min()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
        });
    }

    @Test
    void testAuditRefusesAnIntervalInsideOneToTen() {
        // masking A (3) with a partner of 2: A + partner = 5, A ∈ [1, 4], inside 1-10
        List<Cells.Cell> list = new ArrayList<>();
        list.add(cell("departement", null, "D1", 45));
        list.add(cell("structure", "A", "D1", 3));
        list.add(cell("structure", "G", "D1", 2));
        list.add(cell("structure", "B", "D1", 40));
        Cells cells = new Cells(list);
        boolean[] masked = new boolean[cells.size()];
        masked[index(cells, "structure", "A", "D1")] = true;
        masked[index(cells, "structure", "G", "D1")] = true;

        List<DisclosureAudit.Finding> findings = new DisclosureAudit(cells, RULES).audit(masked);
        assertThat(findings).filteredOn(f -> "A".equals(f.key().structureId())).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("inside_1_10"));
        // the protection masks B too (or the total), and then the audit passes
        Suppression.Result result = new Suppression(cells, RULES).protect();
        boolean[] chosen = new boolean[cells.size()];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = result.masked(i);
        }
        assertThat(new DisclosureAudit(cells, RULES).audit(chosen)).allMatch(DisclosureAudit.Finding::passed);
        assertThat(chosen[index(cells, "structure", "B", "D1")] || chosen[index(cells, "departement", null, "D1")]).isTrue();
    }

    @Test
    void testComplementFromOneToTenIsPrimary() {
        List<Cells.Cell> list = new ArrayList<>();
        list.add(cell("fx", "departement", null, "D1", Map.of("n_people", 100.0, "n_done", 90.0)));
        list.add(cell("fx", "structure", "A", "D1", Map.of("n_people", 30.0, "n_done", 27.0)));
        list.add(cell("fx", "structure", "B", "D1", Map.of("n_people", 70.0, "n_done", 63.0)));
        Cells cells = new Cells(list);
        Suppression suppression = new Suppression(cells, RULES);

        assertThat(suppression.primary(index(cells, "structure", "A", "D1"))).as("30 - 27 = 3 did not").isTrue();
        assertThat(suppression.primary(index(cells, "structure", "B", "D1"))).as("70 - 63 = 7 did not").isTrue();
        assertThat(suppression.primary(index(cells, "departement", null, "D1"))).as("100 - 90 = 10 did not").isTrue();
    }

    @Test
    void testDeclaredRulesFileReads() {
        SecrecyRules rules = SecrecyRules.load(Path.of("sql/release/secrecy.yml"));
        assertThat(rules.threshold()).isEqualTo(10);
        assertThat(rules.complements()).isNotEmpty();
        assertThat(rules.links()).anySatisfy(l -> assertThat(l.to()).isEqualTo("funding.fte_funded"));
    }

    private static Cells.Cell cell(String indicator, String level, String structure, String departement, String breakdown,
            Map<String, Double> values) {
        Map<String, Double> ordered = new LinkedHashMap<>(values);
        Set<String> counts = new java.util.LinkedHashSet<>();
        ordered.keySet().stream().filter(m -> m.startsWith("n_")).forEach(counts::add);
        return new Cells.Cell(new CellKey(indicator, level, structure, departement, 2024, breakdown), structure, ordered, counts);
    }

    private static Map<CellKey, Suppression.Reason> reasons(Cells cells, Suppression.Result result) {
        Map<CellKey, Suppression.Reason> out = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            out.put(cells.get(i).key(), result.reasons()[i]);
        }
        return out;
    }

    /**
     * region 30 = D1 4 + D2 26, each département one structure. D1 is primary; its family with the region needs a second
     * masked member, and the region is a total: D2 goes (secondary), then D2's structure with it. The region stays.
     */
    @Test
    void testTheRegionTotalIsNeverASecondarySuppression() {
        Cells cells = new Cells(List.of(cell("region", null, null, 30), cell("departement", null, "D1", 4), cell("departement", null, "D2", 26),
                cell("structure", "S1", "D1", 4), cell("structure", "S2", "D2", 26)));
        Suppression.Result result = new Suppression(cells, RULES).protect();
        Map<CellKey, Suppression.Reason> r = reasons(cells, result);
        assertThat(r.get(new CellKey("fx", "region", null, "", 2024, ""))).isEqualTo(Suppression.Reason.NONE);
        assertThat(r.get(new CellKey("fx", "departement", null, "D1", 2024, ""))).isEqualTo(Suppression.Reason.PRIMARY);
        assertThat(r.get(new CellKey("fx", "departement", null, "D2", 2024, ""))).isEqualTo(Suppression.Reason.SECONDARY);
        assertThat(r.get(new CellKey("fx", "structure", "S2", "D2", 2024, ""))).isEqualTo(Suppression.Reason.SECONDARY);
        boolean[] masked = new boolean[cells.size()];
        for (int i = 0; i < masked.length; i++) {
            masked[i] = result.masked(i);
        }
        // D1 + D2 = 30 with both at least 1: D1 in [1, 29]
        assertThat(new DisclosureAudit(cells, RULES).audit(masked)).allMatch(DisclosureAudit.Finding::passed)
                .filteredOn(f -> f.key().level().equals("departement") && f.key().departement().equals("D1")).singleElement()
                .satisfies(f -> assertThat(f.max()).isEqualTo(29.0));
    }

    /**
     * A comparison mean weighted by the treated count of its place (as the DiD's comparison rows are): region treated 30 =
     * D1 5 + D2 25, comparison means 10 (D1), 20 (D2) and (5·10 + 25·20) / 30 for the region. With D1 and D2's treated
     * counts masked and everything else published, 30 · 55/3 = 10·D1 + 20·D2 and D1 + D2 = 30 give D1 = 5: the audit finds
     * the relation in the cells (nobody declared it) and the protection masks more until it passes.
     */
    @Test
    void testAMeanPublishedWithItsWeightIsAnEquationTheAuditFindsItself() {
        List<Cells.Cell> list = new ArrayList<>();
        list.add(cell("fx", "region", null, "", "treated", Map.of("n_people", 30.0)));
        list.add(cell("fx", "departement", null, "D1", "treated", Map.of("n_people", 5.0)));
        list.add(cell("fx", "departement", null, "D2", "treated", Map.of("n_people", 25.0)));
        list.add(cell("fx", "region", null, "", "comparison", Map.of("n_people", 100.0, "mean_days", 550.0 / 30)));
        list.add(cell("fx", "departement", null, "D1", "comparison", Map.of("n_people", 40.0, "mean_days", 10.0)));
        list.add(cell("fx", "departement", null, "D2", "comparison", Map.of("n_people", 60.0, "mean_days", 20.0)));
        Cells cells = new Cells(list);
        boolean[] masked = new boolean[cells.size()];
        masked[cells.indexOf(new CellKey("fx", "departement", null, "D1", 2024, "treated"))] = true;
        masked[cells.indexOf(new CellKey("fx", "departement", null, "D2", 2024, "treated"))] = true;

        assertThat(new DisclosureAudit(cells, RULES).audit(masked))
                .filteredOn(f -> f.key().departement().equals("D1") && f.measure().equals("n_people")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("pinned"));

        Suppression.Result result = new Suppression(cells, RULES).protect();
        boolean[] chosen = new boolean[cells.size()];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = result.masked(i);
        }
        assertThat(new DisclosureAudit(cells, RULES).audit(chosen)).allMatch(DisclosureAudit.Finding::passed);
        assertThat(chosen[cells.indexOf(new CellKey("fx", "region", null, "", 2024, "treated"))]).isFalse();
        assertThat(chosen[cells.indexOf(new CellKey("fx", "departement", null, "D1", 2024, "comparison"))]
                || chosen[cells.indexOf(new CellKey("fx", "departement", null, "D2", 2024, "comparison"))]).isTrue();
    }

    /** Two indicators counting the same people at every place (found, not declared): masking one and not the other pins it. */
    @Test
    void testCountsEqualByConstructionAreFoundAndMaskedTogether() {
        List<Cells.Cell> list = new ArrayList<>();
        for (String indicator : List.of("fx", "fy")) {
            list.add(cell(indicator, "region", null, null, Map.of("n_people", 60.0)));
            list.add(cell(indicator, "departement", null, "D1", Map.of("n_people", 4.0)));
            list.add(cell(indicator, "departement", null, "D2", Map.of("n_people", 26.0)));
            list.add(cell(indicator, "departement", null, "D3", Map.of("n_people", 30.0)));
        }
        Cells cells = new Cells(list);
        boolean[] masked = new boolean[cells.size()];
        masked[cells.indexOf(new CellKey("fx", "departement", null, "D1", 2024, ""))] = true;
        masked[cells.indexOf(new CellKey("fx", "departement", null, "D2", 2024, ""))] = true;
        masked[cells.indexOf(new CellKey("fy", "departement", null, "D1", 2024, ""))] = true;
        // fy's D2 published: fx's D2 is the same number, so fx's D1 = 60 − 26 − 30
        assertThat(new DisclosureAudit(cells, RULES).audit(masked)).filteredOn(f -> f.key().indicator().equals("fx")
                && f.key().departement().equals("D1")).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo("pinned"));

        Suppression.Result result = new Suppression(cells, RULES).protect();
        boolean[] chosen = new boolean[cells.size()];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = result.masked(i);
        }
        assertThat(new DisclosureAudit(cells, RULES).audit(chosen)).allMatch(DisclosureAudit.Finding::passed);
        for (String d : List.of("D1", "D2", "D3")) {
            assertThat(chosen[cells.indexOf(new CellKey("fx", "departement", null, d, 2024, ""))])
                    .as(d).isEqualTo(chosen[cells.indexOf(new CellKey("fy", "departement", null, d, 2024, ""))]);
        }
    }

    /**
     * Across nights: yesterday's release masked A (3) and C (25). Tonight one more person in C (26): the change is within
     * the margin, C stays masked (carried); had C gained 20 people it would be chosen afresh. Published again, C would give
     * yesterday's A back from yesterday's published total.
     */
    @Test
    void testTheLastReleasesPatternIsCarriedForCellsThatBarelyChanged() {
        Cells yesterday = fixture();
        java.util.Set<CellKey> maskedThen = java.util.Set.of(new CellKey("fx", "structure", "A", "D1", 2024, ""),
                new CellKey("fx", "structure", "C", "D1", 2024, ""));
        PreviousRelease previous = new PreviousRelease("2026-01-05", "1", yesterday, maskedThen);

        List<Cells.Cell> list = new ArrayList<>(yesterday.all());
        list.replaceAll(c -> c.key().structureId() != null && c.key().structureId().equals("C") ? cell("structure", "C", "D1", 26)
                : c.key().level().equals("departement") && c.key().departement().equals("D1") ? cell("departement", null, "D1", 69)
                : c.key().level().equals("region") ? cell("region", null, null, 149) : c);
        Cells tonight = new Cells(list);
        Suppression suppression = new Suppression(tonight, RULES, previous);
        Suppression.Result result = suppression.protect();
        int c = index(tonight, "structure", "C", "D1");
        assertThat(suppression.carried(c)).isTrue();
        assertThat(result.reasons()[c]).isEqualTo(Suppression.Reason.SECONDARY);

        // C published tonight with 26 and the other structures unchanged: yesterday's A = 68 − 40 − C, C = 26 − 1 guessed
        boolean[] open = new boolean[tonight.size()];
        open[index(tonight, "structure", "A", "D1")] = true;
        open[index(tonight, "structure", "B", "D1")] = true;
        // B masked tonight with its value unchanged: yesterday B was published (40), so B is known tonight too
        List<DisclosureAudit.Finding> findings = new DisclosureAudit(tonight, RULES, previous).audit(open);
        assertThat(findings).filteredOn(f -> "A".equals(f.key().structureId()) && !f.previousNight())
                .singleElement().satisfies(f -> assertThat(f.status()).isEqualTo("pinned"));
        // and yesterday's A (unchanged) with it: the last release's sensitive counts are audited again tonight
        assertThat(findings).filteredOn(f -> "A".equals(f.key().structureId()) && f.previousNight())
                .singleElement().satisfies(f -> assertThat(f.status()).isEqualTo("pinned"));

        list.replaceAll(x -> x.key().structureId() != null && x.key().structureId().equals("C") ? cell("structure", "C", "D1", 45) : x);
        assertThat(new Suppression(new Cells(list), RULES, previous).carried(c)).isFalse();
    }
}
