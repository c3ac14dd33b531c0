package fr.pairobs.release;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Chooses which cells the open release masks.
 * <ol>
 * <li>Primary: a cell with a people count from 1 to the threshold, or a declared complement (whole − part)
 * from 1 to the threshold.</li>
 * <li>Secondary, per group of tied cells, by a mixed-integer program (ojAlgo) minimising the information lost
 * (Σ 1 + ln(1 + people of the cell) over the masked cells) under: a primary cell is masked; a family (parent and
 * children) never has exactly one masked member; a masked 'from' cell masks its derived 'to' cells and equal
 * linked cells are masked together; and each masked people count keeps, through the masked siblings of its family
 * (or its masked parent), an interval at least the protection level wide, reaching past the threshold for a count of
 * 1 to the threshold.</li>
 * <li>The disclosure audit then solves every published relation at once; a count it still finds too narrow adds a
 * constraint (one more cell masked around it) and the program is solved again.</li>
 * </ol>
 * When the solver gives no solution within its time limit, a fallback that is safe by construction is used for that
 * group: the smallest unmasked member of each family with one masked member is masked until none is left alone, and a
 * group the audit still refuses is masked whole.
 */
public final class Suppression {
    private static final Logger LOG = LoggerFactory.getLogger(Suppression.class);
    private static final int MAX_ROUNDS = 30;

    public enum Reason { NONE, PRIMARY, SECONDARY }

    /** The masks chosen, with the reason of each, and how they were chosen. */
    public record Result(Reason[] reasons, int groups, int solvedGroups, int fallbackGroups, int rounds, long millis) {
        public boolean masked(int cell) {
            return reasons[cell] != Reason.NONE;
        }

        public long count(Reason reason) {
            return Arrays.stream(reasons).filter(r -> r == reason).count();
        }
    }

    private final Cells cells;
    private final SecrecyRules rules;
    private final Relations relations;

    public Suppression(Cells cells, SecrecyRules rules) {
        this.cells = requireNonNull(cells, "cells is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.relations = new Relations(cells, rules);
    }

    Relations relations() {
        return relations;
    }

    /** Primary suppression: counts and complements from 1 to the threshold. */
    public boolean primary(int i) {
        Cells.Cell cell = cells.get(i);
        for (String measure : cell.counts()) {
            if (sensitive(cell.value(measure))) {
                return true;
            }
        }
        for (SecrecyRules.Complement c : rules.complements()) {
            if (c.indicator().equals(cell.key().indicator())) {
                Double whole = cell.value(c.whole());
                Double part = cell.value(c.part());
                if (whole != null && part != null && sensitive(whole - part)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean sensitive(Double v) {
        return v != null && v >= 1 && v <= rules.threshold();
    }

    /** Protects every group, checking each with the audit and tightening until it passes. */
    public Result protect() {
        long started = System.nanoTime();
        Reason[] reasons = new Reason[cells.size()];
        Arrays.fill(reasons, Reason.NONE);
        int solved = 0;
        int fallback = 0;
        int rounds = 0;
        List<int[]> groups = relations.groups();
        for (int[] group : groups) {
            boolean anyPrimary = false;
            for (int i : group) {
                if (primary(i)) {
                    reasons[i] = Reason.PRIMARY;
                    anyPrimary = true;
                }
            }
            if (!anyPrimary) {
                continue;
            }
            List<Set<Integer>> cuts = new ArrayList<>();
            boolean usedFallback = false;
            boolean done = false;
            for (int round = 0; round < MAX_ROUNDS && !done; round++) {
                rounds++;
                boolean[] mask = usedFallback ? null : solve(group, cuts);
                if (mask == null) {
                    usedFallback = true;
                    mask = fallback(group, reasons, cuts);
                }
                for (int k = 0; k < group.length; k++) {
                    int i = group[k];
                    reasons[i] = primary(i) ? Reason.PRIMARY : mask[k] ? Reason.SECONDARY : Reason.NONE;
                }
                List<DisclosureAudit.Finding> failures = new DisclosureAudit(cells, rules, relations)
                        .auditGroup(group, reasons).stream().filter(f -> !f.passed()).toList();
                if (failures.isEmpty()) {
                    done = true;
                } else {
                    for (DisclosureAudit.Finding f : failures) {
                        Set<Integer> around = new TreeSet<>();
                        for (int n : relations.neighbourhood(f.cell())) {
                            if (reasons[n] == Reason.NONE) {
                                around.add(n);
                            }
                        }
                        if (around.isEmpty()) {
                            // nothing left to mask near it: the whole group goes
                            Arrays.stream(group).filter(i -> reasons[i] == Reason.NONE).forEach(i -> reasons[i] = Reason.SECONDARY);
                            done = true;
                            usedFallback = true;
                            break;
                        }
                        cuts.add(around);
                    }
                }
            }
            if (!done) {
                LOG.warn("group of {} cell(s) from {} still refused after {} rounds: masked whole", group.length,
                        cells.get(group[0]).key(), MAX_ROUNDS);
                Arrays.stream(group).filter(i -> reasons[i] == Reason.NONE).forEach(i -> reasons[i] = Reason.SECONDARY);
                usedFallback = true;
            }
            if (usedFallback) {
                fallback++;
            } else {
                solved++;
            }
        }
        return new Result(reasons, groups.size(), solved, fallback, rounds, (System.nanoTime() - started) / 1_000_000);
    }

    /** Information lost by masking a cell: one cell, and more for the people it holds (log, so small cells are preferred). */
    double cost(int i) {
        return 1 + Math.log1p(cells.get(i).size());
    }

    /** The mixed-integer program of one group; null when the solver gives no feasible solution in time. */
    boolean[] solve(int[] group, List<Set<Integer>> cuts) {
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        model.options.time_abort = rules.solverSeconds() * 1000L;
        Map<Integer, Variable> s = new HashMap<>();
        for (int k = 0; k < group.length; k++) {
            int i = group[k];
            // a tiny tie-break by position makes the optimum unique, so that a rebuild chooses the same cells
            Variable v = model.addVariable("s" + i).binary().weight(cost(i) + 1e-6 * (k + 1));
            if (primary(i)) {
                v.lower(1);
            }
            s.put(i, v);
        }
        int e = 0;
        Set<Relations.Family> families = new java.util.LinkedHashSet<>();
        for (int i : group) {
            families.addAll(relations.familiesOf.get(i));
        }
        for (Relations.Family f : families) {
            int[] members = f.members();
            // never exactly one masked member: s_m <= Σ others
            for (int m : members) {
                Expression x = model.addExpression("f" + e++).lower(0);
                for (int o : members) {
                    x.set(s.get(o), o == m ? -1 : 1);
                }
            }
            // room for each masked count of a child: Σ masked siblings' (value - lower bound) + need × parent >= need × s_c
            for (int c : f.children()) {
                for (String measure : relations.protectedMeasures(c)) {
                    if (!relations.isCount(c, measure)) {
                        continue;
                    }
                    Double v = cells.get(c).value(measure);
                    if (v == null) {
                        continue;
                    }
                    // with its parent published, a masked child moves only against its masked siblings: its interval is
                    // [lower bound, value + Σ siblings' (value - lower bound)], as wide as Σ (value - lower bound) of them all
                    double need = rules.protectionLevel() - (v - relations.lowerBound(c, measure));
                    if (sensitive(v)) {
                        need = Math.max(need, rules.threshold() + 1 - v);
                    }
                    if (need <= 0) {
                        continue;
                    }
                    Expression x = model.addExpression("p" + e++).lower(0);
                    for (int o : f.children()) {
                        Double w = cells.get(o).value(measure);
                        if (o != c && w != null && w - relations.lowerBound(o, measure) > 0) {
                            x.set(s.get(o), Math.min(need, w - relations.lowerBound(o, measure)));
                        }
                    }
                    x.set(s.get(f.parent()), need);
                    x.set(s.get(c), -need);
                }
            }
        }
        for (int i : group) {
            for (Relations.LinkInstance l : relations.linksOf.get(i)) {
                if (l.from() != i) {
                    continue;
                }
                Expression x = model.addExpression("l" + e++);
                x.set(s.get(l.to()), 1).set(s.get(l.from()), -1);
                if (l.equal()) {
                    x.level(0);
                } else {
                    x.lower(0);
                }
            }
        }
        for (Set<Integer> cut : cuts) {
            Expression x = model.addExpression("c" + e++).lower(1);
            cut.forEach(i -> x.set(s.get(i), 1));
        }
        Optimisation.Result result = model.minimise();
        if (!result.getState().isFeasible()) {
            LOG.warn("solver gave no solution for the group of {} ({} cell(s)): {}", cells.get(group[0]).key(), group.length,
                    result.getState());
            return null;
        }
        boolean[] mask = new boolean[group.length];
        for (int k = 0; k < group.length; k++) {
            mask[k] = s.get(group[k]).getValue().doubleValue() > 0.5;
        }
        return mask;
    }

    /** Safe by construction: links and cuts honoured, then no family left with a single masked member. */
    private boolean[] fallback(int[] group, Reason[] reasons, List<Set<Integer>> cuts) {
        Set<Integer> masked = new TreeSet<>();
        for (int i : group) {
            if (primary(i) || reasons[i] != Reason.NONE) {
                masked.add(i);
            }
        }
        for (Set<Integer> cut : cuts) {
            if (cut.stream().noneMatch(masked::contains)) {
                cut.stream().min((a, b) -> Double.compare(cost(a), cost(b))).ifPresent(masked::add);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i : group) {
                for (Relations.LinkInstance l : relations.linksOf.get(i)) {
                    if (masked.contains(l.from()) && masked.add(l.to())) {
                        changed = true;
                    }
                    if (l.equal() && masked.contains(l.to()) && masked.add(l.from())) {
                        changed = true;
                    }
                }
                for (Relations.Family f : relations.familiesOf.get(i)) {
                    int[] members = f.members();
                    long n = Arrays.stream(members).filter(masked::contains).count();
                    if (n == 1) {
                        Arrays.stream(members).filter(m -> !masked.contains(m)).boxed()
                                .min((a, b) -> Double.compare(cost(a), cost(b))).ifPresent(masked::add);
                        changed = true;
                    }
                }
            }
        }
        boolean[] mask = new boolean[group.length];
        for (int k = 0; k < group.length; k++) {
            mask[k] = masked.contains(group[k]);
        }
        return mask;
    }
}
