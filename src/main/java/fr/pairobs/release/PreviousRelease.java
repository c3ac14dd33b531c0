package fr.pairobs.release;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The last published release, as tonight's protection and audit see it: which cells it masked (public: its
 * {@code is_masked}) and, when the observatory's own record of it is kept ({@link SecrecyLedger}), the true values
 * of its cells. Two releases side by side are equations too: a cell whose counts did not change is the same unknown
 * in both, and one published in either is known in both.
 */
public final class PreviousRelease {
    private final String name;
    private final String buildId;
    private final Cells truth;
    private final Set<CellKey> masked;
    private Relations relations;

    /**
     * @param truth the cells of that release before secrecy, or null when the ledger of its build is gone (then every
     *        cell it masked stays masked tonight)
     */
    public PreviousRelease(String name, String buildId, Cells truth, Set<CellKey> masked) {
        this.name = requireNonNull(name, "name is null");
        this.buildId = requireNonNull(buildId, "buildId is null");
        this.truth = truth;
        this.masked = Set.copyOf(requireNonNull(masked, "masked is null"));
    }

    public String name() {
        return name;
    }

    public String buildId() {
        return buildId;
    }

    public Cells truth() {
        return truth;
    }

    public boolean masked(CellKey key) {
        return masked.contains(key);
    }

    public int maskedCount() {
        return masked.size();
    }

    /** The relations of that release's cells, found as tonight's are (built once). */
    synchronized Relations relations(SecrecyRules rules) {
        if (relations == null && truth != null) {
            relations = new Relations(truth, rules);
        }
        return relations;
    }
}
