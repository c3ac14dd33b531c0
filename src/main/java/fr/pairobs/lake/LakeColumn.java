package fr.pairobs.lake;

import static java.util.Objects.requireNonNull;

/** One column of a lake dataset: the row arrays written to the lake follow a list of these. */
public record LakeColumn(String name, LakeType type, boolean required) {
    public LakeColumn {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    public static LakeColumn optional(String name, LakeType type) {
        return new LakeColumn(name, type, false);
    }

    public static LakeColumn required(String name, LakeType type) {
        return new LakeColumn(name, type, true);
    }
}
