package fr.pairobs.lake;

import static java.util.Objects.requireNonNull;

/**
 * One column of a lake dataset: the row arrays written to the lake follow a list of these.
 * {@code nearlyUnique} marks a column whose values hardly repeat (a dataset's single-column key from
 * {@code config/datasets.yml}, the person keys): a Parquet dictionary or min/max statistics would
 * cost time for nothing there.
 */
public record LakeColumn(String name, LakeType type, boolean required, boolean nearlyUnique) {
    public LakeColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    public LakeColumn(String name, LakeType type, boolean required) {
        this(name, type, required, false);
    }

    public static LakeColumn optional(String name, LakeType type) {
        return new LakeColumn(name, type, false);
    }

    public static LakeColumn required(String name, LakeType type) {
        return new LakeColumn(name, type, true);
    }

    public LakeColumn asNearlyUnique() {
        return new LakeColumn(name, type, required, true);
    }
}
