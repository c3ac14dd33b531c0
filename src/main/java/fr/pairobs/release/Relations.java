package fr.pairobs.release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What ties cells together, read from the cells and the declared rules: the hierarchy (a structure's
 * cell under its département's, a département's under the region's, for the same indicator, year and
 * breakdown), the complements within a cell and the links between indicators; and the groups of cells
 * so tied (connected components), each protected and audited on its own.
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

    /** One instance of a declared link between two cells. */
    record LinkInstance(int from, String fromMeasure, int to, String toMeasure, boolean equal) {
    }

    private final Cells cells;
    private final SecrecyRules rules;
    final List<Family> families = new ArrayList<>();
    final List<LinkInstance> links = new ArrayList<>();
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
        }
        buildFamilies();
        buildLinks();
        buildLowerBounds();
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

    private void buildLowerBounds() {
        for (Cells.Cell cell : cells.all()) {
            for (String measure : cell.counts()) {
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

    boolean isCount(int cell, String measure) {
        return cells.get(cell).counts().contains(measure);
    }

    /** Cells tied to this one by a family or a link, and the cells tied to those: where a further suppression helps. */
    Set<Integer> neighbourhood(int cell) {
        Set<Integer> near = new HashSet<>();
        near.add(cell);
        for (LinkInstance l : linksOf.get(cell)) {
            near.add(l.from());
            near.add(l.to());
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
