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
import org.ojalgo.optimisation.integer.IntegerStrategy;
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
 * When the solver gives no solution within its node limit (or its time limit, solver-seconds), a fallback that is
 * safe by construction is used for that group: the smallest unmasked member of each family with one masked member is
 * masked until none is left alone, and a group the audit still refuses is masked whole.
 */
public final class Suppression {
    private static final Logger LOG = LoggerFactory.getLogger(Suppression.class);
    private static final int MAX_ROUNDS = 30;
    /**
     * A group's audits together get this many solves; past it the fallback tightens the rounds left. A count of solves
     * rather than a time, so that the masks chosen do not depend on the machine or its load.
     */
    private static final long GROUP_SOLVE_BUDGET = 4_000;
    /** Branch-and-bound nodes the program of one round may explore (its best pattern so far is used past them). */
    private static final int PATTERN_NODES = 20_000;

    public enum Reason { NONE, PRIMARY, SECONDARY }

    /** The masks chosen, with the reason of each, and how they were chosen. */
    /**
     * @param findings the audit of every group with the masks it ends with (the release's audit when the tables carry
     *        exactly these masks)
     */
    public record Result(Reason[] reasons, int groups, int solvedGroups, int fallbackGroups, int rounds, long millis,
            List<DisclosureAudit.Finding> findings, long auditSolves) {
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
    private final PreviousRelease previous;
    /** Cells the last release masked whose counts barely changed since: they stay masked (the pattern carried forward). */
    private final boolean[] carried;
    /** Primary cells, and the region cells derived from one. */
    private final boolean[] primaryCells;
    /** Cells known from a published total whatever is masked: never a secondary suppression. */
    private final boolean[] fixedByTotals;
    /** Cells the last release published whose counts did not change: known tonight whatever is masked. */
    private final boolean[] knownFromPrevious;

    public Suppression(Cells cells, SecrecyRules rules) {
        this(cells, rules, null);
    }

    /** @param previous the last published release, or null for a first release */
    public Suppression(Cells cells, SecrecyRules rules, PreviousRelease previous) {
        this.cells = requireNonNull(cells, "cells is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.relations = new Relations(cells, rules);
        this.previous = previous;
        this.carried = new boolean[cells.size()];
        this.primaryCells = new boolean[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            primaryCells[i] = primary(i);
        }
        // a region value derived from a primary cell (funding's FTE from a workforce of 1-10 positions) is as secret as it
        for (Relations.LinkInstance l : relations.links) {
            if (!l.equal() && primaryCells[l.from()] && relations.isRegion(l.to())) {
                primaryCells[l.to()] = true;
            }
        }
        this.fixedByTotals = relations.soleChildrenOfTotals(primaryCells);
        this.knownFromPrevious = new boolean[cells.size()];
        if (previous != null) {
            for (int i = 0; i < cells.size(); i++) {
                carried[i] = !fixedByTotals[i] && !relations.isTotal(i) && previous.masked(cells.get(i).key()) && barelyChanged(i);
                knownFromPrevious[i] = !previous.masked(cells.get(i).key()) && unchanged(i);
            }
        }
    }

    /**
     * Whether a count of the cell (of someone) is within the rule's margin of its value in the last release: published
     * tonight, it would give that value back (unknown values: yes).
     */
    private boolean barelyChanged(int i) {
        if (previous.truth() == null) {
            return true;
        }
        Cells.Cell then = previousCell(i);
        if (then == null) {
            return false;
        }
        for (String measure : cells.get(i).counts()) {
            double now = relations.sumValue(i, measure);
            Double was = then.value(measure);
            if (was != null && was >= 1 && rules.barelyChanged(was, now)) {
                return true;
            }
        }
        return false;
    }

    /** The same cell in the last release's ledger, or null. */
    private Cells.Cell previousCell(int i) {
        int before = previous.truth().indexOf(cells.get(i).key());
        return before < 0 ? null : previous.truth().get(before);
    }

    /** Whether the cell was in the last release (its ledger kept) with every count as tonight. */
    private boolean unchanged(int i) {
        Cells.Cell then = previous.truth() == null ? null : previousCell(i);
        if (then == null) {
            return false;
        }
        for (String measure : cells.get(i).counts()) {
            Double now = relations.sumValue(i, measure);
            Double was = then.value(measure);
            if (now == null || Math.abs((was == null ? 0 : was) - now) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** Whether the last release masked a cell of this group: the two are audited together even when nothing is masked tonight. */
    private boolean touchesPrevious(int[] group) {
        if (previous == null || previous.truth() == null) {
            return false;
        }
        for (int i : group) {
            if (previous.masked(cells.get(i).key())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the cell is masked because the last release masked it and its counts barely changed. */
    public boolean carried(int i) {
        return carried[i];
    }

    Relations relations() {
        return relations;
    }

    /** Primary suppression: counts and complements from 1 to the threshold. */
    public boolean primary(int i) {
        return primary(cells.get(i), rules);
    }

    /** Whether a cell is primary under these rules: a count, or a declared complement, from 1 to the threshold. */
    static boolean primary(Cells.Cell cell, SecrecyRules rules) {
        for (String measure : cell.counts()) {
            if (sensitive(cell.value(measure), rules)) {
                return true;
            }
        }
        for (SecrecyRules.Complement c : rules.complements()) {
            if (c.indicator().equals(cell.key().indicator())) {
                Double whole = cell.value(c.whole());
                Double part = cell.value(c.part());
                if (whole != null && part != null && sensitive(whole - part, rules)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sensitive(Double v, SecrecyRules rules) {
        return v != null && v >= 1 && v <= rules.threshold();
    }

    private boolean sensitive(Double v) {
        return sensitive(v, rules);
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
        List<DisclosureAudit.Finding> findings = new ArrayList<>();
        long solves = 0;
        for (int[] group : groups) {
            long groupStarted = System.nanoTime();
            long groupSolves = solves;
            boolean anyPrimary = false;
            for (int i : group) {
                if (primaryCells[i]) {
                    reasons[i] = Reason.PRIMARY;
                    anyPrimary = true;
                } else if (carried[i]) {
                    reasons[i] = Reason.SECONDARY;
                    anyPrimary = true;
                }
            }
            if (!anyPrimary && !touchesPrevious(group)) {
                continue;
            }
            List<Set<Integer>> cuts = new ArrayList<>();
            boolean usedFallback = false;
            boolean done = false;
            boolean finalAudited = false;
            for (int round = 0; round < MAX_ROUNDS && !done; round++) {
                rounds++;
                boolean[] mask = usedFallback ? null : solve(group, cuts);
                if (mask != null && solves - groupSolves > GROUP_SOLVE_BUDGET) {
                    // the group has had its share (each round's audit bounds every masked value): the rounds left
                    // tighten by the safe fallback, audited the same
                    LOG.info("group of {} cell(s) from {}: {} audit solves after {} round(s), the fallback goes on", group.length,
                            cells.get(group[0]).key(), solves - groupSolves, round + 1);
                    usedFallback = true;
                }
                if (mask == null) {
                    usedFallback = true;
                    mask = fallback(group, reasons, cuts);
                }
                for (int k = 0; k < group.length; k++) {
                    int i = group[k];
                    reasons[i] = primaryCells[i] ? Reason.PRIMARY : mask[k] || carried[i] ? Reason.SECONDARY : Reason.NONE;
                }
                DisclosureAudit audit = new DisclosureAudit(cells, rules, relations, previous);
                List<DisclosureAudit.Finding> audited = audit.auditGroup(group, reasons);
                List<DisclosureAudit.Finding> failures = audited.stream().filter(f -> !f.passed()).toList();
                if (failures.isEmpty()) {
                    done = true;
                    finalAudited = true;
                    findings.addAll(audited);
                } else {
                    for (DisclosureAudit.Finding f : failures) {
                        if (f.cell() < 0) {
                            // a value of the last release whose cell is gone tonight: nothing tonight to mask for it
                            continue;
                        }
                        Set<Integer> around = new TreeSet<>();
                        for (int n : relations.neighbourhood(f.cell())) {
                            // totals stay published: a regional total is never a secondary suppression
                            if (reasons[n] == Reason.NONE && !neverSecondary(n) && inGroup(group, n)) {
                                around.add(n);
                            }
                        }
                        LOG.debug("group from {}, round {}: {} {} {} [{}, {}]{}", cells.get(group[0]).key(), round + 1, f.key(), f.measure(),
                                f.status(), f.min(), f.max(), around.isEmpty() ? ": nothing left to mask near it" : "");
                        if (around.isEmpty()) {
                            // nothing left to mask near it: the whole group goes, but for its totals
                            maskWhole(group, reasons);
                            done = true;
                            usedFallback = true;
                            break;
                        }
                        cuts.add(around);
                    }
                }
                solves += audit.solves();
            }
            if (!done) {
                LOG.warn("group of {} cell(s) from {} still refused after {} rounds: masked whole but for its region cells", group.length,
                        cells.get(group[0]).key(), MAX_ROUNDS);
                maskWhole(group, reasons);
                usedFallback = true;
            }
            if (!finalAudited) {
                // masked whole: audited as it ends, the widest pattern there is
                DisclosureAudit audit = new DisclosureAudit(cells, rules, relations, previous);
                findings.addAll(audit.auditWidest(group, reasons));
                solves += audit.solves();
            }
            if (usedFallback) {
                fallback++;
            } else {
                solved++;
            }
            long groupMillis = (System.nanoTime() - groupStarted) / 1_000_000;
            if (groupMillis > 10_000) {
                LOG.info("group of {} cell(s) from {}: protected in {} ms, {} solve(s)", group.length, cells.get(group[0]).key(),
                        groupMillis, solves - groupSolves);
            }
        }
        return new Result(reasons, groups.size(), solved, fallback, rounds, (System.nanoTime() - started) / 1_000_000, List.copyOf(findings),
                solves);
    }

    private void maskWhole(int[] group, Reason[] reasons) {
        Arrays.stream(group).filter(i -> reasons[i] == Reason.NONE && !neverSecondary(i)).forEach(i -> reasons[i] = Reason.SECONDARY);
    }

    /** Totals stay published, and so does a cell they give away whatever is masked. */
    private boolean neverSecondary(int i) {
        return relations.isTotal(i) || fixedByTotals[i] || knownFromPrevious[i];
    }

    /** A cell that stays published: neither primary nor carried, and never a secondary suppression. */
    private boolean published(int i) {
        return neverSecondary(i) && !primaryCells[i] && !carried[i];
    }

    private static boolean inGroup(int[] group, int cell) {
        for (int i : group) {
            if (i == cell) {
                return true;
            }
        }
        return false;
    }

    /**
     * Information lost by masking a cell: the people it hides (one more, so that an empty cell still costs), a
     * département costing {@code departement-cost} times a structure of the same size. Regional totals are never
     * masked but as primary cells.
     */
    double cost(int i) {
        double people = 1 + cells.get(i).size();
        return cells.get(i).key().level().equals("departement") ? rules.departementCost() * people : people;
    }

    /** The mixed-integer program of one group; null when the solver gives no feasible solution in time. */
    boolean[] solve(int[] group, List<Set<Integer>> cuts) {
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        // a node limit and one branch-and-bound worker: the pattern is the same on any machine and at any load; the time
        // limit only stops a program that the node limit would let run for long
        model.options.time_abort = rules.solverSeconds() * 1000L;
        model.options.iterations_abort = PATTERN_NODES;
        model.options.integer(IntegerStrategy.newConfigurable().withParallelism(() -> 1));
        Map<Integer, Variable> s = new HashMap<>();
        for (int k = 0; k < group.length; k++) {
            int i = group[k];
            // a tiny tie-break by position makes the optimum unique, so that a rebuild chooses the same cells
            Variable v = model.addVariable("s" + i).binary().weight(cost(i) + 1e-6 * (k + 1));
            if (primaryCells[i] || carried[i]) {
                v.lower(1);
            } else if (neverSecondary(i)) {
                v.upper(0);
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
                    if (v == null || !sensitive(v)) {
                        // the rule protects the sensitive counts; the audit checks that no other is pinned
                        continue;
                    }
                    // with its parent published, a masked child moves only against its masked siblings: its interval is
                    // [lower bound, value + Σ siblings' (value - lower bound)], as wide as Σ (value - lower bound) of them all
                    // the rule: room above the value of at least the margin, past the threshold for a count of 1 to the
                    // threshold, and a width of at least the share of the value (the interval starts at the lower bound)
                    double need = Math.max(rules.protectionMargin(), rules.protectionWidthShare() * v - (v - relations.lowerBound(c, measure)));
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
                // a total is never masked for a link: the audit checks what the published total tells; a masked total
                // (primary) masks what it is linked to
                if (l.from() != i || l.from() == l.to() || published(l.to()) || published(l.from())) {
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
            if (primaryCells[i] || carried[i] || reasons[i] != Reason.NONE) {
                masked.add(i);
            }
        }
        for (Set<Integer> cut : cuts) {
            if (cut.stream().noneMatch(masked::contains)) {
                cut.stream().filter(i -> !neverSecondary(i)).min((a, b) -> Double.compare(cost(a), cost(b))).ifPresent(masked::add);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i : group) {
                for (Relations.LinkInstance l : relations.linksOf.get(i)) {
                    if (masked.contains(l.from()) && !neverSecondary(l.to()) && masked.add(l.to())) {
                        changed = true;
                    }
                    if (l.equal() && masked.contains(l.to()) && !neverSecondary(l.from()) && masked.add(l.from())) {
                        changed = true;
                    }
                }
                for (Relations.Family f : relations.familiesOf.get(i)) {
                    int[] members = f.members();
                    long n = Arrays.stream(members).filter(masked::contains).count();
                    if (n == 1) {
                        Arrays.stream(members).filter(m -> !masked.contains(m) && !neverSecondary(m)).boxed()
                                .min((a, b) -> Double.compare(cost(a), cost(b))).ifPresent(m -> {
                                    masked.add(m);
                                });
                        changed |= Arrays.stream(members).filter(masked::contains).count() > 1;
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
