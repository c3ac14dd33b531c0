package fr.pairobs.release;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.ojalgo.optimisation.integer.IntegerStrategy;
import org.ojalgo.structure.Structure1D;

import static java.util.Objects.requireNonNull;

/**
 * The disclosure audit: for every value of every masked cell of a release, the smallest and largest value it can
 * take given everything the release publishes, tonight and in the last published release, and every relation between
 * published values that holds in the data ({@link Relations}): sums over the hierarchy (or the inequalities child ≤
 * parent ≤ Σ children where counts overlap), complements within a cell (part ≤ whole), counts equal by construction,
 * means and shares that add up with their weights (Σ w·x = W·X; where both a weight and a mean are unknown their
 * product is bounded by the mean's range), and, across two releases, every count that did not change (the same
 * unknown in both). An absent value is an unknown like any other: a family is never skipped for it.
 * <p>
 * Every bound is solved by linear programming (ojAlgo), then, for a count whose bound is fractional, by integer
 * programming: the attacker knows counts are whole numbers. A masked people count fails when the interval breaks the
 * protection rule ({@link SecrecyRules#protectionFailure}); a declared protected value fails when it is pinned; the
 * other values (means, shares, amounts) are listed with their intervals.
 */
public final class DisclosureAudit {
    private static final double EPSILON = 1e-6;
    /** Tolerance of a mean relation: the cells' values are rounded to 9 decimals, so products of them are not exact. */
    private static final double MEAN_TOLERANCE = 1e-5;

    /** The feasible interval of one masked value and the verdict. */
    /**
     * @param cell tonight's cell (of the same key, for a value of the last release; -1 when tonight has none)
     * @param previousNight a value of the last release, bounded by the two releases together
     */
    public record Finding(int cell, CellKey key, String measure, boolean count, double value, double min, double max, String status,
            boolean previousNight) {
        public Finding(int cell, CellKey key, String measure, boolean count, double value, double min, double max, String status) {
            this(cell, key, measure, count, value, min, max, status, false);
        }

        /** ok, or ok_limited_by_totals: as wide as the published totals allow whatever else is masked. */
        public boolean passed() {
            return status.startsWith("ok");
        }
    }

    private final Cells cells;
    private final SecrecyRules rules;
    private final Relations relations;
    private final PreviousRelease previous;
    private long solves;
    /**
     * A guard behind {@link #BOUND_NODES}: the time one integer bound may take at most (within {@code solver-seconds}),
     * far more than its nodes take, so that the node limit decides.
     */
    static final int BOUND_SECONDS = 5;
    /** Branch-and-bound nodes one integer bound may explore (each a linear program over the bound's part of the model). */
    static final int BOUND_NODES = 1_000;
    /** Auditing the widest pattern itself: no further comparison. */
    private boolean maximal;
    /** When auditing the widest pattern: the values to bound (night|key|measure), the others are not asked. */
    private Set<String> wanted;

    public DisclosureAudit(Cells cells, SecrecyRules rules) {
        this(cells, rules, new Relations(cells, rules), null);
    }

    public DisclosureAudit(Cells cells, SecrecyRules rules, PreviousRelease previous) {
        this(cells, rules, new Relations(cells, rules), previous);
    }

    DisclosureAudit(Cells cells, SecrecyRules rules, Relations relations, PreviousRelease previous) {
        this.cells = requireNonNull(cells, "cells is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.relations = requireNonNull(relations, "relations is null");
        this.previous = previous == null || previous.truth() == null ? null : previous;
    }

    /** Linear and integer programs solved so far. */
    public long solves() {
        return solves;
    }

    /** Audits a whole release: masked[i] tells whether cell i is masked (primary where the rule says so, else secondary). */
    public List<Finding> audit(boolean[] masked) {
        Suppression.Reason[] reasons = new Suppression.Reason[masked.length];
        for (int i = 0; i < masked.length; i++) {
            // a masked cell is primary where the rule makes it so (its large counts may then be known), else secondary
            reasons[i] = !masked[i] ? Suppression.Reason.NONE
                    : Suppression.primary(cells.get(i), rules) ? Suppression.Reason.PRIMARY : Suppression.Reason.SECONDARY;
        }
        return audit(reasons);
    }

    /** Audits a whole release masked for these reasons. */
    public List<Finding> audit(Suppression.Reason[] reasons) {
        List<Finding> findings = new ArrayList<>();
        for (int[] group : relations.groups()) {
            findings.addAll(auditGroup(group, reasons));
        }
        return findings;
    }

    /** One release's cells as the model sees them: the masked ones are unknowns. */
    private final class Night {
        final String tag;
        final Cells cells;
        final Relations relations;
        final Set<Integer> masked;
        final Map<String, double[]> domains = new HashMap<>();

        Night(String tag, Cells cells, Relations relations, Set<Integer> masked) {
            this.tag = tag;
            this.cells = cells;
            this.relations = relations;
            this.masked = masked;
        }

        Double value(int cell, String measure) {
            return relations.sumValue(cell, measure);
        }

        boolean unknown(int cell) {
            return masked.contains(cell);
        }

        String id(int cell, String measure) {
            return tag + cell + "|" + measure;
        }

        /** The range a value of this indicator and measure takes in the release: what an attacker may assume of an unknown. */
        double[] domain(int cell, String measure) {
            String indicator = cells.get(cell).key().indicator();
            return domains.computeIfAbsent(indicator + "|" + measure, k -> {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (Cells.Cell c : cells.all()) {
                    Double v = c.key().indicator().equals(indicator) ? c.value(measure) : null;
                    if (v != null) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
            });
        }
    }

    /** The linear system of one group, over tonight's masked values and those of the last release tied to them. */
    private final class Model {
        final ExpressionsBasedModel model = new ExpressionsBasedModel();
        final Map<String, Variable> vars = new LinkedHashMap<>();
        final Set<String> integers = new LinkedHashSet<>();
        final Set<String> constrained = new LinkedHashSet<>();
        int expressions;

        Variable var(Night night, int cell, String measure) {
            String id = night.id(cell, measure);
            Variable v = vars.get(id);
            if (v == null) {
                v = model.addVariable("x" + vars.size());
                if (night.relations.isCount(cell, measure)) {
                    v.lower(night.relations.lowerBound(cell, measure)).integer(true);
                    integers.add(id);
                } else if (rules.isProtectedValue(night.cells.get(cell).key().indicator(), measure)) {
                    v.lower(0);
                } else {
                    double[] d = night.domain(cell, measure);
                    v.lower(d[0]).upper(d[1]);
                }
                vars.put(id, v);
            }
            return v;
        }

        /** A linear expression: unknown values are variables, published ones constants. */
        final class Lin {
            final Map<Variable, Double> terms = new LinkedHashMap<>();
            final Set<String> ids = new LinkedHashSet<>();
            double constant;
            boolean valid = true;

            Lin add(Night night, int cell, String measure, double coefficient) {
                if (night.unknown(cell)) {
                    terms.merge(var(night, cell, measure), coefficient, Double::sum);
                    ids.add(night.id(cell, measure));
                } else {
                    Double v = night.value(cell, measure);
                    if (v == null) {
                        valid = false;
                    } else {
                        constant += coefficient * v;
                    }
                }
                return this;
            }

            /** coefficient · weight · x, where either, both or neither is unknown. */
            Lin product(Night night, int xCell, String x, int wCell, String w, double coefficient) {
                boolean xUnknown = night.unknown(xCell);
                boolean wUnknown = night.unknown(wCell);
                Double xv = night.value(xCell, x);
                Double wv = night.value(wCell, w);
                if (!xUnknown && !wUnknown) {
                    double weight = wv == null ? 0 : wv;
                    if (weight != 0 && xv == null) {
                        valid = false;
                    } else if (weight != 0) {
                        constant += coefficient * weight * xv;
                    }
                } else if (!xUnknown) {
                    if (xv == null) {
                        valid = false;
                    } else {
                        add(night, wCell, w, coefficient * xv);
                    }
                } else if (!wUnknown) {
                    double weight = wv == null ? 0 : wv;
                    if (weight != 0) {
                        add(night, xCell, x, coefficient * weight);
                    }
                } else {
                    // both unknown: p = w·x with x within its range, so that x_min·w ≤ p ≤ x_max·w
                    double[] d = night.domain(xCell, x);
                    Variable p = model.addVariable("p" + expressions++);
                    Variable wVar = var(night, wCell, w);
                    model.addExpression("pl" + expressions++).lower(0).set(p, 1).set(wVar, -d[0]);
                    model.addExpression("pu" + expressions++).lower(0).set(p, -1).set(wVar, d[1]);
                    constrained.add(night.id(wCell, w));
                    terms.merge(p, coefficient, Double::sum);
                }
                return this;
            }

            /** lower ≤ expression ≤ upper (null: no bound). */
            void emit(Double lower, Double upper) {
                if (!valid || terms.isEmpty()) {
                    return;
                }
                Expression e = model.addExpression("e" + expressions++);
                terms.forEach(e::set);
                if (lower != null) {
                    e.lower(lower - constant);
                }
                if (upper != null) {
                    e.upper(upper - constant);
                }
                constrained.addAll(ids);
            }
        }

        Lin lin() {
            return new Lin();
        }

        private int[] componentOf;
        /** The model's variables and expressions when its parts were found (the model only grows). */
        private int partsOfVariables = -1;
        private int partsOfExpressions = -1;

        /**
         * A new model of the variables tied to this one through the expressions (and of those expressions): the others
         * cannot move its bounds, and a group's model is many such parts side by side (one per measure, mostly), so a
         * bound solved over its part alone costs a fraction of one over the whole group.
         */
        ExpressionsBasedModel component(Variable variable) {
            List<Variable> variables = model.getVariables();
            if (partsOfVariables != variables.size() || partsOfExpressions != model.getExpressions().size()) {
                int[] parent = new int[variables.size()];
                for (int k = 0; k < parent.length; k++) {
                    parent[k] = k;
                }
                for (Expression e : model.getExpressions()) {
                    int first = -1;
                    for (Structure1D.IntIndex index : e.getLinearKeySet()) {
                        if (first < 0) {
                            first = root(parent, index.index);
                        } else {
                            parent[root(parent, index.index)] = first;
                            first = root(parent, first);
                        }
                    }
                }
                for (int k = 0; k < parent.length; k++) {
                    parent[k] = root(parent, k);
                }
                componentOf = parent;
                partsOfVariables = variables.size();
                partsOfExpressions = model.getExpressions().size();
            }
            int target = componentOf[model.indexOf(variable)];
            ExpressionsBasedModel part = new ExpressionsBasedModel();
            Map<Integer, Variable> copies = new HashMap<>();
            for (int k = 0; k < variables.size(); k++) {
                if (componentOf[k] == target) {
                    Variable original = variables.get(k);
                    Variable copy = part.addVariable(original.getName()).lower(original.getLowerLimit()).upper(original.getUpperLimit());
                    if (original.isInteger()) {
                        copy.integer(true);
                    }
                    copies.put(k, copy);
                }
            }
            for (Expression e : model.getExpressions()) {
                Set<Structure1D.IntIndex> keys = e.getLinearKeySet();
                if (keys.isEmpty() || componentOf[keys.iterator().next().index] != target) {
                    continue;
                }
                Expression copy = part.addExpression(e.getName()).lower(e.getLowerLimit()).upper(e.getUpperLimit());
                for (Map.Entry<Structure1D.IntIndex, BigDecimal> entry : e.getLinearEntrySet()) {
                    copy.set(copies.get(entry.getKey().index), entry.getValue());
                }
            }
            return part;
        }

        /** Every relation of one night that touches its masked cells. */
        void relationsOf(Night night) {
            Relations r = night.relations;
            Set<Relations.Family> families = new LinkedHashSet<>();
            Set<Relations.MeanRelation> means = new LinkedHashSet<>();
            for (int i : night.masked) {
                families.addAll(r.familiesOf.get(i));
                means.addAll(r.meansOf.get(i));
            }
            for (Relations.Family f : families) {
                for (String measure : night.cells.get(f.parent()).values().keySet()) {
                    sums(night, f, measure);
                }
            }
            for (int i : night.masked) {
                Cells.Cell cell = night.cells.get(i);
                for (SecrecyRules.Complement c : rules.complements()) {
                    Double whole = night.value(i, c.whole());
                    Double part = night.value(i, c.part());
                    if (c.indicator().equals(cell.key().indicator()) && whole != null && part != null && part <= whole + EPSILON) {
                        lin().add(night, i, c.part(), 1).add(night, i, c.whole(), -1).emit(null, 0.0);
                    }
                }
                for (Relations.LinkInstance l : r.linksOf.get(i)) {
                    Double from = night.value(l.from(), l.fromMeasure());
                    Double to = night.value(l.to(), l.toMeasure());
                    // a derived value that equals its source (funding's FTE is the structure's surveyed FTE) is an equation too
                    if (l.equal() || from != null && to != null && Math.abs(from - to) <= EPSILON * Math.max(1, Math.abs(from))) {
                        lin().add(night, l.from(), l.fromMeasure(), 1).add(night, l.to(), l.toMeasure(), -1).emit(0.0, 0.0);
                    }
                }
            }
            for (Relations.MeanRelation m : means) {
                int[] members = m.family().members();
                Lin lin = lin();
                double scale = 0;
                for (int k = 0; k < members.length; k++) {
                    lin.product(night, members[k], m.measure(), m.weights()[k], m.weightMeasure(), k == 0 ? -1 : 1);
                    Double w = night.value(m.weights()[k], m.weightMeasure());
                    Double x = night.cells.get(members[k]).value(m.measure());
                    if (w != null && x != null) {
                        scale = Math.max(scale, Math.abs(w * x));
                    }
                }
                double tolerance = MEAN_TOLERANCE * Math.max(1, scale);
                lin.emit(-tolerance, tolerance);
            }
        }

        private void sums(Night night, Relations.Family f, String measure) {
            Double parent = night.value(f.parent(), measure);
            if (parent == null) {
                return;
            }
            double sum = 0;
            for (int c : f.children()) {
                Double v = night.value(c, measure);
                if (v == null) {
                    return;
                }
                sum += v;
            }
            if (Math.abs(parent - sum) <= EPSILON * Math.max(1, Math.abs(parent))) {
                Lin lin = lin().add(night, f.parent(), measure, -1);
                for (int c : f.children()) {
                    lin.add(night, c, measure, 1);
                }
                lin.emit(0.0, 0.0);
                return;
            }
            if (!night.relations.isCount(f.parent(), measure)) {
                // a value that does not add up (a mean, a rate): only the mean relations tie it
                return;
            }
            for (int c : f.children()) {
                if (night.value(c, measure) <= parent + EPSILON) {
                    lin().add(night, c, measure, 1).add(night, f.parent(), measure, -1).emit(null, 0.0);
                }
            }
            if (parent <= sum + EPSILON) {
                Lin lin = lin().add(night, f.parent(), measure, 1);
                for (int c : f.children()) {
                    lin.add(night, c, measure, -1);
                }
                lin.emit(null, 0.0);
            }
        }
    }

    List<Finding> auditGroup(int[] group, Suppression.Reason[] reasons) {
        Set<Integer> masked = new LinkedHashSet<>();
        for (int i : group) {
            if (reasons[i] != Suppression.Reason.NONE) {
                masked.add(i);
            }
        }
        if (masked.isEmpty() && previous == null) {
            return List.of();
        }
        Model model = new Model();
        Night tonight = new Night("n", cells, relations, masked);
        for (int i : masked) {
            for (String measure : cells.get(i).values().keySet()) {
                if (tonight.value(i, measure) != null) {
                    model.var(tonight, i, measure);
                }
            }
        }
        model.relationsOf(tonight);
        Night before = previous == null ? null : acrossNights(model, tonight, group);
        // the sensitive differences within a cell (whole - part of 1 to the threshold), as variables of their own
        Map<String, double[]> differences = new LinkedHashMap<>();
        for (int i : masked) {
            for (SecrecyRules.Complement c : rules.complements()) {
                Double whole = tonight.value(i, c.whole());
                Double part = tonight.value(i, c.part());
                if (c.indicator().equals(cells.get(i).key().indicator()) && whole != null && part != null
                        && whole - part >= 1 && whole - part <= rules.threshold()) {
                    String name = c.whole() + " - " + c.part();
                    Variable d = model.model.addVariable("d" + differences.size()).integer(true);
                    model.model.addExpression("d" + differences.size() + "e").level(0).set(d, 1)
                            .set(model.var(tonight, i, c.whole()), -1).set(model.var(tonight, i, c.part()), 1);
                    model.vars.put(tonight.id(i, name), d);
                    model.integers.add(tonight.id(i, name));
                    model.constrained.add(tonight.id(i, name));
                    differences.put(tonight.id(i, name), new double[] {i, whole - part, relations.capOfDifference(i, c.whole(), c.part(), tonight::unknown)});
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (int i : masked) {
            for (String measure : cells.get(i).values().keySet()) {
                if (!isWanted(false, cells.get(i).key(), measure)) {
                    continue;
                }
                if (relations.isCount(i, measure) || rules.isProtectedValue(cells.get(i).key().indicator(), measure)) {
                    findings.add(finding(model, tonight, i, measure, reasons[i]));
                } else if (wanted == null) {
                    // a mean, a share or an estimate: the rule does not govern it, so it is listed with the limits it was
                    // given and not bounded by the solver (its relations stay constraints of the model)
                    findings.add(unbounded(model, tonight, i, measure));
                }
            }
        }
        for (Map.Entry<String, double[]> d : differences.entrySet()) {
            int cell = (int) d.getValue()[0];
            String name = d.getKey().substring(d.getKey().indexOf('|') + 1);
            if (!isWanted(false, cells.get(cell).key(), name)) {
                continue;
            }
            Variable v = model.vars.get(d.getKey());
            Double lo = bound(model, v, false, true);
            Double hi = bound(model, v, true, true);
            String status = lo == null || hi == null ? "no_solution" : rules.protectionFailure(d.getValue()[1], 0, lo, hi,
                    d.getValue()[2]);
            findings.add(new Finding(cell, cells.get(cell).key(), name, true, d.getValue()[1], lo == null ? 0 : lo,
                    hi == null ? Double.POSITIVE_INFINITY : hi, status == null ? "ok" : status));
        }
        if (before != null) {
            findings.addAll(previousNight(model, before));
        }
        return limitedByTotals(group, reasons, findings);
    }

    /**
     * The audit of a group already masked as wide as protection goes (all but the cells that stay published: totals, and
     * cells the totals or the last release give away whatever is masked): what it still refuses, no pattern does better,
     * so it passes as {@code ok_limited_by_totals} (a value without solution stays refused).
     */
    List<Finding> auditWidest(int[] group, Suppression.Reason[] reasons) {
        maximal = true;
        return limitedByTotals(auditGroup(group, reasons));
    }

    /**
     * A value the rule refuses, whose interval is already as wide as it would be with every cell of its group masked but
     * the regional totals, is limited by the totals themselves (a region of two départements that exist holds at least 2
     * people): no pattern does better, and totals stay published. It passes, marked as such.
     */
    private List<Finding> limitedByTotals(int[] group, Suppression.Reason[] reasons, List<Finding> findings) {
        if (findings.stream().allMatch(Finding::passed) || maximal) {
            return findings;
        }
        Suppression.Reason[] all = reasons.clone();
        boolean wider = false;
        for (int i : group) {
            if (all[i] == Suppression.Reason.NONE && !relations.isTotal(i)) {
                all[i] = Suppression.Reason.SECONDARY;
                wider = true;
            }
        }
        if (!wider) {
            // already the widest pattern: what it refuses, no pattern does better
            return limitedByTotals(findings);
        }
        DisclosureAudit widest = new DisclosureAudit(cells, rules, relations, previous);
        widest.maximal = true;
        widest.wanted = new HashSet<>();
        for (Finding f : findings) {
            if (!f.passed()) {
                widest.wanted.add(f.previousNight() + "|" + f.key() + "|" + f.measure());
            }
        }
        Map<String, Finding> best = new HashMap<>();
        for (Finding f : widest.auditGroup(group, all)) {
            best.put(f.previousNight() + "|" + f.key() + "|" + f.measure(), f);
        }
        solves += widest.solves;
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Finding w = f.passed() ? null : best.get(f.previousNight() + "|" + f.key() + "|" + f.measure());
            if (w != null && !"no_solution".equals(f.status()) && w.min() >= f.min() - EPSILON && w.max() <= f.max() + EPSILON) {
                out.add(new Finding(f.cell(), f.key(), f.measure(), f.count(), f.value(), f.min(), f.max(), "ok_limited_by_totals",
                        f.previousNight()));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Findings of the widest pattern: what it refuses passes as limited by the totals (no solution stays refused). */
    private static List<Finding> limitedByTotals(List<Finding> findings) {
        return findings.stream().map(f -> f.passed() || "no_solution".equals(f.status()) ? f
                : new Finding(f.cell(), f.key(), f.measure(), f.count(), f.value(), f.min(), f.max(), "ok_limited_by_totals",
                        f.previousNight())).toList();
    }

    private boolean isWanted(boolean previousNight, CellKey key, String measure) {
        return wanted == null || wanted.contains(previousNight + "|" + key + "|" + measure);
    }

    /** The sensitive counts of the last release, bounded again now that tonight's release stands beside it. */
    private List<Finding> previousNight(Model model, Night night) {
        List<Finding> findings = new ArrayList<>();
        for (int j : night.masked) {
            Cells.Cell then = night.cells.get(j);
            for (String measure : then.counts()) {
                Double v = night.value(j, measure);
                String id = night.id(j, measure);
                if (v == null || v < 1 || v > rules.threshold() || !model.constrained.contains(id) || !isWanted(true, then.key(), measure)) {
                    continue;
                }
                Variable variable = model.vars.get(id);
                Double lo = bound(model, variable, false, true);
                Double hi = bound(model, variable, true, true);
                String status = lo == null || hi == null ? "no_solution"
                        : rules.protectionFailure(v, night.relations.lowerBound(j, measure), lo, hi, night.relations.cap(j, measure, night::unknown));
                findings.add(new Finding(cells.indexOf(then.key()), then.key(), measure, true, v, lo == null ? 0 : lo,
                        hi == null ? Double.POSITIVE_INFINITY : hi, status == null ? "ok" : status, true));
            }
        }
        return findings;
    }

    /** The last release's cells tied to this group, their relations, and the counts that did not change between the two. */
    private Night acrossNights(Model model, Night tonight, int[] group) {
        Relations before = previous.relations(rules);
        Cells then = previous.truth();
        Set<Integer> components = new TreeSet<>();
        Map<Integer, Integer> same = new LinkedHashMap<>();
        for (int i : group) {
            int j = then.indexOf(cells.get(i).key());
            if (j >= 0) {
                same.put(i, j);
                components.add(before.component[j]);
            }
        }
        Set<Integer> maskedThen = new LinkedHashSet<>();
        for (int j = 0; j < then.size(); j++) {
            if (components.contains(before.component[j]) && previous.masked(then.get(j).key())) {
                maskedThen.add(j);
            }
        }
        Night night = new Night("p", then, before, maskedThen);
        model.relationsOf(night);
        for (Map.Entry<Integer, Integer> e : same.entrySet()) {
            int i = e.getKey();
            int j = e.getValue();
            if (!tonight.unknown(i) && !night.unknown(j)) {
                continue;
            }
            for (String measure : cells.get(i).values().keySet()) {
                Double now = tonight.value(i, measure);
                Double was = night.value(j, measure);
                if (now != null && was != null && Math.abs(now - was) <= EPSILON * Math.max(1, Math.abs(now))) {
                    model.lin().add(tonight, i, measure, 1).add(night, j, measure, -1).emit(0.0, 0.0);
                }
            }
        }
        return night;
    }

    private Finding unbounded(Model model, Night tonight, int cell, String measure) {
        Double truth = tonight.value(cell, measure);
        double min;
        double max;
        Variable v = truth == null ? null : model.vars.get(tonight.id(cell, measure));
        if (v == null) {
            double[] d = tonight.domain(cell, measure);
            min = d[0];
            max = d[1];
        } else {
            min = v.getLowerLimit() == null ? Double.NEGATIVE_INFINITY : v.getLowerLimit().doubleValue();
            max = v.getUpperLimit() == null ? Double.POSITIVE_INFINITY : v.getUpperLimit().doubleValue();
        }
        return new Finding(cell, cells.get(cell).key(), measure, false, truth == null ? Double.NaN : truth, min, max, "ok_not_bounded");
    }

    private Finding finding(Model model, Night tonight, int cell, String measure, Suppression.Reason reason) {
        CellKey key = cells.get(cell).key();
        boolean count = relations.isCount(cell, measure);
        boolean protectedValue = rules.isProtectedValue(key.indicator(), measure);
        Double truth = tonight.value(cell, measure);
        String id = tonight.id(cell, measure);
        double min;
        double max;
        String status = null;
        if (truth == null) {
            // a mean of no one: the attacker does not know it is absent, and learns no more than the range of its measure
            double[] d = tonight.domain(cell, measure);
            min = d[0];
            max = d[1];
        } else {
            Variable v = model.vars.get(id);
            min = v.getLowerLimit() == null ? Double.NEGATIVE_INFINITY : v.getLowerLimit().doubleValue();
            max = v.getUpperLimit() == null ? Double.POSITIVE_INFINITY : v.getUpperLimit().doubleValue();
            if (model.constrained.contains(id)) {
                Double lo = bound(model, v, false, model.integers.contains(id));
                Double hi = bound(model, v, true, model.integers.contains(id));
                if (lo == null || hi == null) {
                    status = "no_solution";
                } else {
                    min = lo;
                    max = hi;
                }
            }
        }
        if (status == null) {
            String failure = null;
            if (count && truth != null && truth >= 1 && truth <= rules.threshold()) {
                failure = rules.protectionFailure(truth, relations.lowerBound(cell, measure), min, max,
                        relations.cap(cell, measure, tonight::unknown));
            } else if (count && truth != null && truth >= 1 && reason == Suppression.Reason.SECONDARY
                    && max - min < EPSILON * Math.max(1, Math.abs(max))) {
                // a secondary cell must not be pinned (it would protect nothing); the large counts of a primary cell are
                // not secret in themselves (a regional total of 48 may be published beside it): its sensitive counts and
                // differences carry the rule
                failure = "pinned";
            } else if (protectedValue && truth != null && Math.abs(truth) > EPSILON && max - min < EPSILON * Math.max(1, Math.abs(max))) {
                failure = "pinned";
            }
            status = failure == null ? "ok" : failure;
        }
        return new Finding(cell, key, measure, count, truth == null ? Double.NaN : truth, min, max, status);
    }

    /** The representative of k's part (union-find with path halving). */
    private static int root(int[] parent, int k) {
        while (parent[k] != k) {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        return k;
    }

    /** The min or max of one variable (±∞ when unbounded), by LP, then by integer programming when fractional; null: no answer. */
    private Double bound(Model m, Variable variable, boolean maximise, boolean integer) {
        ExpressionsBasedModel relaxed = m.component(variable);
        relaxed.relax();
        Double lp = solve(relaxed, variable, maximise);
        if (lp == null || lp.isInfinite() || !integer) {
            return lp;
        }
        if (Math.abs(lp - Math.rint(lp)) < 1e-6) {
            return Math.rint(lp);
        }
        ExpressionsBasedModel exact = m.component(variable);
        // where ojAlgo finds no integer point in its nodes it rarely finds one later, and a group has hundreds of bounds
        exact.options.time_abort = Math.min(rules.solverSeconds(), BOUND_SECONDS) * 1000L;
        // one branch-and-bound worker and a node limit: the bound found is the same on any machine and at any load (a
        // rebuild of the same lake masks the same cells)
        exact.options.iterations_abort = BOUND_NODES;
        exact.options.integer(IntegerStrategy.newConfigurable().withParallelism(() -> 1));
        // an integer point found within the limits is as far as an attacker surely gets (the optimum reaches at least
        // as far, so the verdict errs on the safe side). Where the integer solver gives no answer (ojAlgo's branch and
        // bound does not on some models with unbounded counts), the relaxation rounded inwards is what is left: an
        // attacker's integer optimum lies inside it, so this is the one place the audit may grant less than the best
        // attacker (see sql/release/README.md)
        Double mip = solve(exact, variable, maximise);
        if (mip == null) {
            return maximise ? Math.floor(lp + 1e-6) : Math.ceil(lp - 1e-6);
        }
        return mip.isInfinite() ? mip : Math.rint(mip);
    }

    private Double solve(ExpressionsBasedModel model, Variable variable, boolean maximise) {
        solves++;
        int index = -1;
        List<Variable> variables = model.getVariables();
        for (int k = 0; k < variables.size(); k++) {
            Variable v = variables.get(k);
            v.weight(0);
            if (v.getName().equals(variable.getName())) {
                index = k;
            }
        }
        variables.get(index).weight(1);
        Optimisation.Result result = maximise ? model.maximise() : model.minimise();
        if (result.getState() == Optimisation.State.UNBOUNDED) {
            return maximise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        if (!result.getState().isFeasible()) {
            return null;
        }
        return result.doubleValue(index);
    }
}
