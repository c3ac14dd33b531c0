package fr.pairobs.release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import static java.util.Objects.requireNonNull;

/**
 * The disclosure audit: for every masked people count (and declared protected value) of a release, the smallest and
 * largest value it can take given everything the release publishes and every linear relation that holds between the
 * cells — sums over the hierarchy (region = Σ départements = Σ structures, or the inequalities child ≤ parent ≤ Σ
 * children where the counts overlap), complements within a cell (part ≤ whole), equal values across indicators — all
 * solved at once by linear programming (ojAlgo), per group of tied cells. An attacker is granted every relation that
 * is true in the data, and a people count is known to be at least 1 where every cell of its indicator counts at least
 * one. A masked count fails when its interval is a single value (pinned), lies inside 1 to the threshold, or is
 * narrower than the protection level; a protected value fails when pinned.
 */
public final class DisclosureAudit {
    private static final double EPSILON = 1e-6;

    /** The feasible interval of one masked value and the verdict. */
    public record Finding(int cell, CellKey key, String measure, double value, double min, double max, String status) {
        public boolean passed() {
            return "ok".equals(status);
        }
    }

    private final Cells cells;
    private final SecrecyRules rules;
    private final Relations relations;

    public DisclosureAudit(Cells cells, SecrecyRules rules) {
        this(cells, rules, new Relations(cells, rules));
    }

    DisclosureAudit(Cells cells, SecrecyRules rules, Relations relations) {
        this.cells = requireNonNull(cells, "cells is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.relations = requireNonNull(relations, "relations is null");
    }

    /** Audits a whole release: masked[i] tells whether cell i is masked. */
    public List<Finding> audit(boolean[] masked) {
        Suppression.Reason[] reasons = new Suppression.Reason[masked.length];
        for (int i = 0; i < masked.length; i++) {
            reasons[i] = masked[i] ? Suppression.Reason.SECONDARY : Suppression.Reason.NONE;
        }
        List<Finding> findings = new ArrayList<>();
        for (int[] group : relations.groups()) {
            findings.addAll(auditGroup(group, reasons));
        }
        return findings;
    }

    List<Finding> auditGroup(int[] group, Suppression.Reason[] reasons) {
        Set<Integer> masked = new LinkedHashSet<>();
        for (int i : group) {
            if (reasons[i] != Suppression.Reason.NONE) {
                masked.add(i);
            }
        }
        if (masked.isEmpty()) {
            return List.of();
        }
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Map<String, Variable> vars = new LinkedHashMap<>();
        for (int i : masked) {
            for (String measure : relations.protectedMeasures(i)) {
                if (cells.get(i).value(measure) != null) {
                    vars.put(i + "|" + measure, model.addVariable("x" + i + "_" + measure).lower(relations.lowerBound(i, measure)));
                }
            }
        }
        Map<String, Integer> constrained = new HashMap<>();
        int[] e = {0};
        Set<Relations.Family> families = new LinkedHashSet<>();
        for (int i : masked) {
            families.addAll(relations.familiesOf.get(i));
        }
        for (Relations.Family f : families) {
            for (String measure : relations.protectedMeasures(f.parent())) {
                Double parent = cells.get(f.parent()).value(measure);
                if (parent == null) {
                    continue;
                }
                double sum = 0;
                boolean complete = true;
                for (int c : f.children()) {
                    Double v = cells.get(c).value(measure);
                    if (v == null) {
                        complete = false;
                        break;
                    }
                    sum += v;
                }
                if (!complete) {
                    continue;
                }
                if (Math.abs(parent - sum) <= EPSILON * Math.max(1, Math.abs(parent))) {
                    Term t = new Term();
                    t.add(f.parent(), measure, -1);
                    for (int c : f.children()) {
                        t.add(c, measure, 1);
                    }
                    t.emit(model, vars, constrained, "eq" + e[0]++, 0.0, 0.0);
                } else {
                    for (int c : f.children()) {
                        if (cells.get(c).value(measure) <= parent + EPSILON) {
                            Term t = new Term();
                            t.add(c, measure, 1);
                            t.add(f.parent(), measure, -1);
                            t.emit(model, vars, constrained, "le" + e[0]++, null, 0.0);
                        }
                    }
                    if (parent <= sum + EPSILON) {
                        Term t = new Term();
                        t.add(f.parent(), measure, 1);
                        for (int c : f.children()) {
                            t.add(c, measure, -1);
                        }
                        t.emit(model, vars, constrained, "sub" + e[0]++, null, 0.0);
                    }
                }
            }
        }
        for (int i : masked) {
            for (SecrecyRules.Complement c : rules.complements()) {
                Double whole = cells.get(i).value(c.whole());
                Double part = cells.get(i).value(c.part());
                if (c.indicator().equals(cells.get(i).key().indicator()) && whole != null && part != null && part <= whole + EPSILON) {
                    Term t = new Term();
                    t.add(i, c.part(), 1);
                    t.add(i, c.whole(), -1);
                    t.emit(model, vars, constrained, "cp" + e[0]++, null, 0.0);
                }
            }
            for (Relations.LinkInstance l : relations.linksOf.get(i)) {
                if (l.equal()) {
                    Term t = new Term();
                    t.add(l.from(), l.fromMeasure(), 1);
                    t.add(l.to(), l.toMeasure(), -1);
                    t.emit(model, vars, constrained, "lk" + e[0]++, 0.0, 0.0);
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, Variable> entry : vars.entrySet()) {
            String[] parts = entry.getKey().split("\\|", 2);
            int cell = Integer.parseInt(parts[0]);
            String measure = parts[1];
            double value = cells.get(cell).value(measure);
            double lower = relations.lowerBound(cell, measure);
            double min = lower;
            double max = Double.POSITIVE_INFINITY;
            String status = null;
            if (constrained.containsKey(entry.getKey())) {
                int index = model.indexOf(entry.getValue());
                double[] lo = bound(model, index, false);
                double[] hi = bound(model, index, true);
                if (lo == null || hi == null) {
                    status = "no_solution";
                } else {
                    min = lo[0];
                    max = hi[0];
                }
            }
            if (status == null) {
                status = verdict(cell, measure, min, max);
            }
            findings.add(new Finding(cell, cells.get(cell).key(), measure, value, min, max, status));
        }
        return findings;
    }

    private String verdict(int cell, String measure, double min, double max) {
        double width = max - min;
        if (width < EPSILON * Math.max(1, Math.abs(max))) {
            return "pinned";
        }
        if (!relations.isCount(cell, measure)) {
            return "ok";
        }
        if (min >= 1 - EPSILON && max <= rules.threshold() + EPSILON) {
            return "inside_1_" + rules.threshold();
        }
        if (width < rules.protectionLevel() - EPSILON) {
            return "narrower_than_" + rules.protectionLevel();
        }
        return "ok";
    }

    /** {min} or {max} of one variable, +∞ when unbounded; null when the solver gives no answer. */
    private static double[] bound(ExpressionsBasedModel base, int index, boolean maximise) {
        ExpressionsBasedModel model = base.copy();
        for (Variable v : model.getVariables()) {
            v.weight(0);
        }
        model.getVariable(index).weight(1);
        Optimisation.Result result = maximise ? model.maximise() : model.minimise();
        if (result.getState() == Optimisation.State.UNBOUNDED) {
            return maximise ? new double[] {Double.POSITIVE_INFINITY} : null;
        }
        if (!result.getState().isOptimal()) {
            return null;
        }
        return new double[] {result.doubleValue(index)};
    }

    /** A linear expression over the cells' values: masked values are variables, published ones constants. */
    private final class Term {
        private final Map<String, Double> variables = new LinkedHashMap<>();
        private double constant;

        void add(int cell, String measure, double coefficient) {
            Double value = cells.get(cell).value(measure);
            if (value == null) {
                return;
            }
            variables.merge(cell + "|" + measure, coefficient, Double::sum);
            constantIfPublished.put(cell + "|" + measure, value);
        }

        private final Map<String, Double> constantIfPublished = new HashMap<>();

        /** lower <= expression <= upper (null: no bound). */
        void emit(ExpressionsBasedModel model, Map<String, Variable> vars, Map<String, Integer> constrained, String name,
                Double lower, Double upper) {
            Map<String, Double> free = new LinkedHashMap<>();
            for (Map.Entry<String, Double> t : variables.entrySet()) {
                if (vars.containsKey(t.getKey())) {
                    free.put(t.getKey(), t.getValue());
                } else {
                    constant += t.getValue() * constantIfPublished.get(t.getKey());
                }
            }
            if (free.isEmpty()) {
                return;
            }
            Expression x = model.addExpression(name);
            for (Map.Entry<String, Double> t : free.entrySet()) {
                x.set(vars.get(t.getKey()), t.getValue());
                constrained.merge(t.getKey(), 1, Integer::sum);
            }
            if (lower != null) {
                x.lower(lower - constant);
            }
            if (upper != null) {
                x.upper(upper - constant);
            }
        }
    }
}
