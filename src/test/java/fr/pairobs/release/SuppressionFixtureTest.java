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
 * Threshold 10, protection level 5, every count known to be at least 1 (a cell exists for one person or more).
 * A (3) is primary. With D1 published, A + (the other masked children of D1) is known, so A needs masked siblings
 * whose values exceed their lower bound 1 by at least 11 − 3 = 8 (so that A's upper bound passes 10): B (39) or C (24);
 * masking D1 instead forces a second département (D2) and one of its structures, three cells. C is cheaper than B
 * (fewer people hidden), so the optimum is {A primary, C secondary}. Then A + C = 28 with A, C ≥ 1: A ∈ [1, 27].
 */
class SuppressionFixtureTest {
    private static final SecrecyRules RULES = new SecrecyRules(10, 5, 10, List.of(
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
}
