package fr.pairobs.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import fr.pairobs.feed.FeedSpec;

/**
 * A feed's mapping bound to the columns of one header ({@link MappingStage#bind}): the raw text of each
 * canonical field of a row, whether the row is for the dataset, where the identity is, and what each
 * header column feeds. Positions in the partner's file stay here; the stages ask for fields and identity.
 */
final class MappedHeader {
    /** A field read from several columns (see {@link Template}). */
    private static final int TEMPLATE = -2;

    private final SourceHeader header;
    private final int[] fieldIndexes;
    private final int[][] templateIndexes;
    private final Template[] templates;
    private final String[] constants;
    private final int[] filterIndexes;
    private final List<Set<String>> filterValues;
    private final int nirIndex;
    private final int pseudonymIndex;
    private final int residenceIndex;
    /** Last name, first name, birth date, sex; null when the feed identifies people without traits. */
    private final int[] traitIndexes;
    /** Per column of the header: whether it is an identity column (it may hold a NIR), and the field it feeds. */
    private final boolean[] identityColumns;
    private final String[] fieldOfColumn;

    MappedHeader(FeedSpec feed, SourceHeader header, String[] fieldNames, String[] mappings, Template[] templates, String[] constants,
            List<String> filterColumns, List<Set<String>> filterValues) {
        this.header = header;
        this.templates = templates;
        this.constants = constants;
        this.filterValues = filterValues;
        int fields = mappings.length;
        this.fieldIndexes = new int[fields];
        this.templateIndexes = new int[fields][];
        for (int f = 0; f < fields; f++) {
            if (templates[f] != null) {
                templateIndexes[f] = templates[f].columns().stream().mapToInt(c -> index(header, c)).toArray();
                fieldIndexes[f] = TEMPLATE;
            } else {
                fieldIndexes[f] = index(header, mappings[f]);
            }
        }
        this.filterIndexes = filterColumns.stream().mapToInt(c -> index(header, c)).toArray();
        FeedSpec.Identity identity = feed.identity();
        this.nirIndex = identity == null ? -1 : index(header, identity.nir());
        this.pseudonymIndex = identity == null ? -1 : index(header, identity.pseudonym());
        this.residenceIndex = identity == null ? -1 : index(header, identity.residenceDept());
        FeedSpec.Traits t = identity == null ? null : identity.traits();
        this.traitIndexes = t == null ? null
                : new int[] {index(header, t.lastName()), index(header, t.firstName()), index(header, t.birthDate()), index(header, t.sex())};
        int columns = header.names().size();
        this.identityColumns = new boolean[columns];
        this.fieldOfColumn = new String[columns];
        Arrays.fill(fieldOfColumn, "-");
        for (int f = 0; f < fields; f++) {
            if (fieldIndexes[f] >= 0) {
                fieldOfColumn[fieldIndexes[f]] = fieldNames[f];
            }
        }
        if (identity != null) {
            for (String column : identity.identifyingColumns()) {
                int c = index(header, column);
                if (c >= 0) {
                    identityColumns[c] = true;
                    fieldOfColumn[c] = "person";
                }
            }
        }
    }

    private static int index(SourceHeader header, String column) {
        return column == null ? -1 : header.indexOf(column).orElse(-1);
    }

    /**
     * Whether the row is for this dataset: a row whose filter columns hold another value (e.g. a FINESS category
     * outside mental health) is filtered, not rejected.
     */
    boolean accepts(SourceRow row) {
        for (int f = 0; f < filterIndexes.length; f++) {
            String value = row.value(filterIndexes[f]);
            if (value == null || !filterValues.get(f).contains(value)) {
                return false;
            }
        }
        return true;
    }

    /** The trimmed text of a field ({@link MappingStage#field}) in this row, its constant, or null when missing. */
    String text(SourceRow row, int field) {
        int index = fieldIndexes[field];
        return index >= 0 ? row.value(index) : index == TEMPLATE ? template(row, field) : constants[field];
    }

    /** Concatenates the template's columns; a missing part makes the whole value missing. */
    private String template(SourceRow row, int field) {
        Template parsed = templates[field];
        int[] indexes = templateIndexes[field];
        StringBuilder value = new StringBuilder();
        for (int p = 0; p < parsed.parts().size(); p++) {
            String part = parsed.parts().get(p);
            if (part.startsWith("{")) {
                String v = row.value(indexes[parsed.columnIndexOfPart(p)]);
                if (v == null) {
                    return null;
                }
                value.append(v);
            } else {
                value.append(part);
            }
        }
        return value.toString();
    }

    /** How many columns the header has: a row with another count is misaligned. */
    int width() {
        return identityColumns.length;
    }

    /** Whether a header column carries the person's identity, the only columns where a NIR belongs. */
    boolean isIdentityColumn(int column) {
        return identityColumns[column];
    }

    /** The canonical field a header column feeds, "person" for an identity column, "-" for none. */
    String fieldOfColumn(int column) {
        return fieldOfColumn[column];
    }

    /** A header column as rejects name it: its name, or its position when the header left it unnamed. */
    String columnName(int column) {
        return column < header.names().size() && !header.names().get(column).isBlank() ? header.names().get(column)
                : "(field " + (column + 1) + ")";
    }

    String nir(SourceRow row) {
        return row.value(nirIndex);
    }

    /** Whether the feed identifies people by their traits (names, birth date, sex). */
    boolean hasTraits() {
        return traitIndexes != null;
    }

    String lastName(SourceRow row) {
        return row.value(traitIndexes[0]);
    }

    String firstName(SourceRow row) {
        return row.value(traitIndexes[1]);
    }

    String birthDate(SourceRow row) {
        return row.value(traitIndexes[2]);
    }

    String sex(SourceRow row) {
        return row.value(traitIndexes[3]);
    }

    String pseudonym(SourceRow row) {
        return row.value(pseudonymIndex);
    }

    String residence(SourceRow row) {
        return row.value(residenceIndex);
    }
}
