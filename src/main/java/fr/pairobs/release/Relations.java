package fr.pairobs.release;

import java.util.LinkedHashMap;
import java.util.function.IntPredicate;
import java.util.TreeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What ties cells together, read from the cells themselves (what the release publishes) and the declared rules:
 * <ul>
 * <li>the hierarchy: a structure's cell under its département's, a département's under the region's, for the same
 * indicator, year and breakdown;</li>
 * <li>the complements within a cell and the declared links between indicators;</li>
 * <li><em>found in the data</em>: counts equal by construction (two series of counts, of any indicators, measures and
 * breakdowns at one level, equal wherever both exist: the same people in two indicators, two horizons sharing a
 * baseline, two territories that coincide), and means or shares that add up with a weight ({@code Σ w·x = W·X} over a
 * family, the weight a count of the same cell or of a sibling breakdown, as a comparison mean weighted by the
 * treated count);</li>
 * </ul>
 * and the groups of cells so tied (connected components), each protected and audited on its own. A relation found in
 * the data is one an attacker can find in the published tables: it holds wherever it can be checked.
 */
final class Relations {
    /** A parent cell and its children: for an additive measure, parent = Σ children. */
    record Family(int parent, int[] children) {
        int[] members() {
            int[] all = new int[children.length + 1];
            all[0] = parent;
            System.arraycopy(children, 0, all, 1, children.length);
            return all;
        }
    }

    /** One instance of a declared link between two cells, or of two counts found equal by construction. */
    record LinkInstance(int from, String fromMeasure, int to, String toMeasure, boolean equal) {
    }

    /**
     * A mean (or share) that adds up over a family with a weight: weight(parent)·x(parent) = Σ weight(child)·x(child).
     * {@code weights[k]} is the cell holding the weight of {@code family.members()[k]} (the same cell, or the cell of
     * another breakdown at the same place and year).
     */
    record MeanRelation(Family family, String measure, int[] weights, String weightMeasure) {
    }

    private final Cells cells;
    private final SecrecyRules rules;
    final List<Family> families = new ArrayList<>();
    final List<LinkInstance> links = new ArrayList<>();
    /** Counts found equal by construction (the same people counted twice). */
    final List<LinkInstance> equalities = new ArrayList<>();
    final List<MeanRelation> means = new ArrayList<>();
    /** Mean relations touching each cell (as a member or a weight). */
    final List<List<MeanRelation>> meansOf = new ArrayList<>();
    /** Families each cell belongs to (as parent or child). */
    final List<List<Family>> familiesOf = new ArrayList<>();
    /** Link instances touching each cell. */
    final List<List<LinkInstance>> linksOf = new ArrayList<>();
    /** Per indicator and count measure: 1 when every cell of the indicator counts at least one (its population), else 0. */
    private final Map<String, Double> lowerBounds = new HashMap<>();
    final int[] component;

    Relations(Cells cells, SecrecyRules rules) {
        this.cells = cells;
        this.rules = rules;
        for (int i = 0; i < cells.size(); i++) {
            familiesOf.add(new ArrayList<>());
            linksOf.add(new ArrayList<>());
            meansOf.add(new ArrayList<>());
            countMeasures.computeIfAbsent(cells.get(i).key().indicator(), k -> new TreeSet<>()).addAll(cells.get(i).counts());
        }
        buildFamilies();
        buildLinks();
        buildEqualities();
        buildMeans();
        buildLowerBounds();
        for (int i = 0; i < cells.size(); i++) {
            CellKey k = cells.get(i).key();
            sameLevel.computeIfAbsent(k.indicator() + "|" + k.level() + "|" + k.year() + "|" + k.breakdown(), x -> new ArrayList<>()).add(i);
        }
        component = components();
    }

    private void buildFamilies() {
        Map<Integer, List<Integer>> children = new TreeMap<>();
        for (int i = 0; i < cells.size(); i++) {
            CellKey key = cells.get(i).key();
            int parent = -1;
            if (key.level().equals("structure")) {
                parent = cells.indexOf(key.departementParent());
                if (parent < 0) {
                    parent = cells.indexOf(key.regionParent());
                }
            } else if (key.level().equals("departement")) {
                parent = cells.indexOf(key.regionParent());
            }
            if (parent >= 0) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Integer, List<Integer>> e : children.entrySet()) {
            Family family = new Family(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            families.add(family);
            for (int member : family.members()) {
                familiesOf.get(member).add(family);
            }
        }
    }

    private void buildLinks() {
        for (SecrecyRules.Link link : rules.links()) {
            for (int i = 0; i < cells.size(); i++) {
                Cells.Cell from = cells.get(i);
                if (!from.key().indicator().equals(link.fromIndicator()) || !from.values().containsKey(link.fromMeasure())) {
                    continue;
                }
                for (int j = 0; j < cells.size(); j++) {
                    Cells.Cell to = cells.get(j);
                    CellKey k = to.key();
                    if (!k.indicator().equals(link.toIndicator()) || !k.level().equals(from.key().level())
                            || !java.util.Objects.equals(k.structureId(), from.key().structureId())
                            || !k.departement().equals(from.key().departement()) || !java.util.Objects.equals(k.year(), from.key().year())
                            || (link.sameBreakdown() && !k.breakdown().equals(from.key().breakdown()))) {
                        continue;
                    }
                    Double a = from.value(link.fromMeasure());
                    Double b = to.value(link.toMeasure());
                    boolean holds = link.equal() ? a != null && b != null && Math.abs(a - b) < 1e-9
                            : b != null && b != 0;
                    if (holds) {
                        LinkInstance instance = new LinkInstance(i, link.fromMeasure(), j, link.toMeasure(), link.equal());
                        links.add(instance);
                        linksOf.get(i).add(instance);
                        linksOf.get(j).add(instance);
                    }
                }
            }
        }
    }

    /** Value of a measure as the sums see it: a count or protected value that is absent counts as zero. */
    Double sumValue(int cell, String measure) {
        Double v = cells.get(cell).value(measure);
        if (v == null && (isCount(cell, measure) || rules.isProtectedValue(cells.get(cell).key().indicator(), measure))) {
            return 0.0;
        }
        return v;
    }

    /**
     * The most a count can be given its published regional total alone: the total less the least every other cell of
     * the same level holds (+∞ without a region cell, or when it is masked, which the caller tells).
     */
    double cap(int cell, String measure, IntPredicate masked) {
        CellKey k = cells.get(cell).key();
        int region = cells.indexOf(k.regionParent());
        if (region < 0 || region == cell || masked.test(region)) {
            return Double.POSITIVE_INFINITY;
        }
        Double total = sumValue(region, measure);
        if (total == null) {
            return Double.POSITIVE_INFINITY;
        }
        double others = 0;
        double sum = 0;
        for (int j : sameLevel.getOrDefault(k.indicator() + "|" + k.level() + "|" + k.year() + "|" + k.breakdown(), List.of())) {
            Double v = sumValue(j, measure);
            sum += v == null ? 0 : v;
            if (j != cell) {
                others += lowerBound(j, measure);
            }
        }
        // only where the level adds up to the total: people counted in two structures make the total no cap at all
        return Math.abs(sum - total) <= 1e-6 * Math.max(1, Math.abs(total)) ? total - others : Double.POSITIVE_INFINITY;
    }

    private final Map<String, List<Integer>> sameLevel = new HashMap<>();

    /** The most a difference whole − part can be given the published regional total's own difference alone. */
    double capOfDifference(int cell, String whole, String part, IntPredicate masked) {
        int region = cells.indexOf(cells.get(cell).key().regionParent());
        if (region < 0 || region == cell || masked.test(region)) {
            return Double.POSITIVE_INFINITY;
        }
        Double w = sumValue(region, whole);
        Double p = sumValue(region, part);
        if (w == null || p == null || Double.isInfinite(cap(cell, whole, masked)) || Double.isInfinite(cap(cell, part, masked))) {
            return Double.POSITIVE_INFINITY;
        }
        return w - p;
    }

    /**
     * Cells that equal a regional total through families of a single child (a département alone in its region, the
     * structure alone in it): with the total published they are known whatever is masked, so masking them protects
     * nothing. Each holds every count of its parent.
     */
    boolean[] soleChildrenOfTotals(boolean[] primary) {
        boolean[] sole = new boolean[cells.size()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Family f : families) {
                int p = f.parent();
                boolean known = isRegion(p) ? !primary[p] : sole[p];
                if (!known || f.children().length != 1 || sole[f.children()[0]]) {
                    continue;
                }
                int c = f.children()[0];
                boolean equal = true;
                for (String m : cells.get(p).counts()) {
                    Double a = sumValue(p, m);
                    Double b = sumValue(c, m);
                    equal &= a != null && b != null && Math.abs(a - b) < 1e-9;
                }
                if (equal && !cells.get(p).counts().isEmpty()) {
                    sole[c] = true;
                    changed = true;
                }
            }
        }
        return sole;
    }

    boolean isRegion(int cell) {
        return cells.get(cell).key().level().equals("region");
    }

    /**
     * A regional total: a region cell over the cells of a lower level. A region cell that adds nothing up (the evaluation's
     * flow, a balance table) is a cell like the others.
     */
    boolean isTotal(int cell) {
        if (!isRegion(cell)) {
            return false;
        }
        for (Family f : familiesOf.get(cell)) {
            if (f.parent() == cell) {
                return true;
            }
        }
        return false;
    }

    /** A series: one count measure of one indicator, breakdown and level, by place and year. */
    private record Series(String indicator, String measure, String breakdown, String level) {
    }

    private record Place(String structureId, String departement, Integer year) {
    }

    private void buildEqualities() {
        Map<Series, Map<Place, Integer>> series = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            CellKey k = cells.get(i).key();
            for (String measure : cells.get(i).counts()) {
                if (cells.get(i).value(measure) != null) {
                    series.computeIfAbsent(new Series(k.indicator(), measure, k.breakdown(), k.level()), s -> new LinkedHashMap<>())
                            .put(new Place(k.structureId(), k.departement(), k.year()), i);
                }
            }
        }
        List<Series> all = new ArrayList<>(series.keySet());
        Set<String> declared = new HashSet<>();
        for (LinkInstance l : links) {
            declared.add(l.from() + "|" + l.fromMeasure() + "|" + l.to() + "|" + l.toMeasure());
        }
        for (int a = 0; a < all.size(); a++) {
            Map<Place, Integer> first = series.get(all.get(a));
            for (int b = a + 1; b < all.size(); b++) {
                if (!all.get(a).level().equals(all.get(b).level())) {
                    continue;
                }
                Map<Place, Integer> second = series.get(all.get(b));
                List<int[]> matched = new ArrayList<>();
                boolean equal = true;
                for (Map.Entry<Place, Integer> e : first.entrySet()) {
                    Integer j = second.get(e.getKey());
                    if (j == null) {
                        continue;
                    }
                    double x = cells.get(e.getValue()).value(all.get(a).measure());
                    double y = cells.get(j).value(all.get(b).measure());
                    if (Math.abs(x - y) > 1e-9) {
                        equal = false;
                        break;
                    }
                    matched.add(new int[] {e.getValue(), j});
                }
                // two places at least: one equal pair is a coincidence, a series equal wherever both exist is construction
                if (!equal || matched.size() < 2) {
                    continue;
                }
                for (int[] m : matched) {
                    if (declared.contains(m[0] + "|" + all.get(a).measure() + "|" + m[1] + "|" + all.get(b).measure())) {
                        continue;
                    }
                    LinkInstance instance = new LinkInstance(m[0], all.get(a).measure(), m[1], all.get(b).measure(), true);
                    equalities.add(instance);
                    linksOf.get(m[0]).add(instance);
                    linksOf.get(m[1]).add(instance);
                }
            }
        }
    }

    /** For each indicator, value measure, weight measure and pair of breakdowns: whether Σ w·x adds up over the families. */
    private void buildMeans() {
        Map<String, Set<String>> valueMeasures = new TreeMap<>();
        Map<String, Set<String>> countMeasures = new TreeMap<>();
        Map<String, Set<String>> breakdowns = new TreeMap<>();
        for (Cells.Cell c : cells.all()) {
            String indicator = c.key().indicator();
            for (String m : c.values().keySet()) {
                (c.counts().contains(m) ? countMeasures : valueMeasures).computeIfAbsent(indicator, k -> new TreeSet<>()).add(m);
            }
            breakdowns.computeIfAbsent(indicator, k -> new TreeSet<>()).add(c.key().breakdown());
        }
        Map<String, List<Family>> familiesOfIndicator = new TreeMap<>();
        for (Family f : families) {
            familiesOfIndicator.computeIfAbsent(cells.get(f.parent()).key().indicator(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<Family>> e : familiesOfIndicator.entrySet()) {
            String indicator = e.getKey();
            for (String x : valueMeasures.getOrDefault(indicator, Set.of())) {
                if (rules.isProtectedValue(indicator, x)) {
                    continue;
                }
                for (String w : countMeasures.getOrDefault(indicator, Set.of())) {
                    for (String bx : breakdowns.get(indicator)) {
                        for (String bw : breakdowns.get(indicator)) {
                            for (String parentLevel : List.of("departement", "region")) {
                                addMeans(e.getValue(), x, w, bx, bw, parentLevel);
                            }
                        }
                    }
                }
            }
        }
    }

    private void addMeans(List<Family> candidates, String x, String w, String bx, String bw, String parentLevel) {
        List<MeanRelation> found = new ArrayList<>();
        for (Family f : candidates) {
            CellKey pk = cells.get(f.parent()).key();
            if (!pk.breakdown().equals(bx) || !pk.level().equals(parentLevel)) {
                continue;
            }
            int[] members = f.members();
            int[] weights = new int[members.length];
            double lhs = 0;
            double rhs = 0;
            int weighted = 0;
            boolean usable = true;
            for (int k = 0; k < members.length && usable; k++) {
                CellKey mk = cells.get(members[k]).key();
                weights[k] = cells.indexOf(new CellKey(mk.indicator(), mk.level(), mk.structureId(), mk.departement(), mk.year(), bw));
                if (weights[k] < 0) {
                    usable = false;
                    break;
                }
                Double wv = cells.get(weights[k]).value(w);
                Double xv = cells.get(members[k]).value(x);
                double weight = wv == null ? 0 : wv;
                if (weight == 0) {
                    continue;
                }
                if (xv == null) {
                    usable = false;
                    break;
                }
                if (k == 0) {
                    lhs = weight * xv;
                } else {
                    rhs += weight * xv;
                    weighted++;
                }
            }
            if (!usable || weighted < 2) {
                // a family of one weighted child is already an equality of every measure: no evidence either way
                continue;
            }
            if (Math.abs(lhs - rhs) > 1e-6 * Math.max(1, Math.abs(lhs))) {
                return;
            }
            found.add(new MeanRelation(f, x, weights, w));
        }
        for (MeanRelation m : found) {
            means.add(m);
            Set<Integer> touched = new HashSet<>();
            for (int c : m.family().members()) {
                touched.add(c);
            }
            for (int c : m.weights()) {
                touched.add(c);
            }
            touched.forEach(c -> meansOf.get(c).add(m));
        }
    }

    private void buildLowerBounds() {
        for (Cells.Cell cell : cells.all()) {
            // every count of the indicator, the cell's absent ones (zero) too
            for (String measure : countMeasures.getOrDefault(cell.key().indicator(), Set.of())) {
                Double v = cell.value(measure);
                String key = cell.key().indicator() + "." + measure;
                double lb = v != null && v >= 1 ? 1 : 0;
                lowerBounds.merge(key, lb, Math::min);
            }
        }
    }

    /** What an attacker knows a count to be at least: a cell exists only for a population of one or more. */
    double lowerBound(int cell, String measure) {
        return lowerBounds.getOrDefault(cells.get(cell).key().indicator() + "." + measure, 0.0);
    }

    /** The measures of a cell that secrecy protects: its people counts and the declared protected values. */
    List<String> protectedMeasures(int cell) {
        Cells.Cell c = cells.get(cell);
        List<String> measures = new ArrayList<>();
        for (String measure : c.values().keySet()) {
            if (c.counts().contains(measure) || rules.isProtectedValue(c.key().indicator(), measure)) {
                measures.add(measure);
            }
        }
        return measures;
    }

    /** A count anywhere in its indicator is a count in every cell (a cell that has none of it holds zero). */
    boolean isCount(int cell, String measure) {
        return cells.get(cell).counts().contains(measure)
                || countMeasures.getOrDefault(cells.get(cell).key().indicator(), Set.of()).contains(measure);
    }

    private final Map<String, Set<String>> countMeasures = new HashMap<>();

    /** Cells tied to this one by a family or a link, and the cells tied to those: where a further suppression helps. */
    Set<Integer> neighbourhood(int cell) {
        Set<Integer> near = new HashSet<>();
        near.add(cell);
        for (LinkInstance l : linksOf.get(cell)) {
            near.add(l.from());
            near.add(l.to());
        }
        for (MeanRelation m : meansOf.get(cell)) {
            for (int c : m.weights()) {
                near.add(c);
            }
        }
        Set<Integer> out = new HashSet<>();
        for (int n : near) {
            for (Family f : familiesOf.get(n)) {
                for (int m : f.members()) {
                    out.add(m);
                    for (Family g : familiesOf.get(m)) {
                        for (int o : g.members()) {
                            out.add(o);
                        }
                    }
                }
            }
        }
        out.addAll(near);
        return out;
    }

    private int[] components() {
        int[] parent = new int[cells.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (Family f : families) {
            for (int c : f.children()) {
                union(parent, f.parent(), c);
            }
        }
        for (LinkInstance l : links) {
            union(parent, l.from(), l.to());
        }
        for (LinkInstance l : equalities) {
            union(parent, l.from(), l.to());
        }
        for (MeanRelation m : means) {
            for (int k = 0; k < m.weights().length; k++) {
                union(parent, m.family().parent(), m.weights()[k]);
            }
        }
        int[] component = new int[cells.size()];
        for (int i = 0; i < parent.length; i++) {
            component[i] = find(parent, i);
        }
        return component;
    }

    /** The cells of each group, groups in the order of their first cell. */
    List<int[]> groups() {
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < component.length; i++) {
            groups.computeIfAbsent(component[i], c -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(g.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
