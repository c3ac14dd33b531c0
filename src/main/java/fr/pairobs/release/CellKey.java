package fr.pairobs.release;

import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * One indicator cell: all the measures of one indicator at one level, structure, département, year and
 * breakdown. Secrecy masks whole cells, so that a mean or a share is never left beside a masked count.
 * An absent département or breakdown is the empty string.
 */
public record CellKey(String indicator, String level, String structureId, String departement, Integer year, String breakdown)
        implements Comparable<CellKey> {
    public CellKey {
        requireNonNull(indicator, "indicator is null");
        requireNonNull(level, "level is null");
        departement = departement == null ? "" : departement;
        breakdown = breakdown == null ? "" : breakdown;
    }

    /** The same cell one level up: the département of a structure (when the indicator has one), or the region. */
    CellKey departementParent() {
        return new CellKey(indicator, "departement", null, departement, year, breakdown);
    }

    CellKey regionParent() {
        return new CellKey(indicator, "region", null, "", year, breakdown);
    }

    /** The cell of another indicator at the same place and year (and breakdown when asked). */
    CellKey in(String otherIndicator, String otherBreakdown) {
        return new CellKey(otherIndicator, level, structureId, departement, year, otherBreakdown);
    }

    @Override
    public int compareTo(CellKey o) {
        int c = indicator.compareTo(o.indicator);
        if (c == 0) c = level.compareTo(o.level);
        if (c == 0) c = Objects.compare(structureId, o.structureId, java.util.Comparator.nullsFirst(String::compareTo));
        if (c == 0) c = departement.compareTo(o.departement);
        if (c == 0) c = Objects.compare(year, o.year, java.util.Comparator.nullsFirst(Integer::compareTo));
        if (c == 0) c = breakdown.compareTo(o.breakdown);
        return c;
    }

    @Override
    public String toString() {
        return indicator + "/" + level + (structureId == null ? "" : "/" + structureId) + (departement.isEmpty() ? "" : "/" + departement)
                + "/" + year + (breakdown.isEmpty() ? "" : "/" + breakdown);
    }
}
