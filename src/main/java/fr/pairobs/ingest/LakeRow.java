package fr.pairobs.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.lake.LakeColumn;
import fr.pairobs.lake.LakeLayout;

import static java.util.Objects.requireNonNull;

/**
 * The lake row a partner row becomes, addressed by column name: each stage of the row path resolves the
 * names it writes to positions once ({@link Columns#index}), so no stage knows where another one writes.
 * One per normalizer, reused from row to row: {@link #next()} starts a row in a fresh array, because the
 * array of the row before belongs to whoever took it with {@link #values()}.
 */
final class LakeRow {
    private final Columns columns;
    private Object[] values;

    LakeRow(Columns columns) {
        this.columns = requireNonNull(columns, "columns is null");
        this.values = new Object[columns.size()];
    }

    Columns columns() {
        return columns;
    }

    /** Starts the next row, every column empty. */
    void next() {
        values = new Object[columns.size()];
    }

    void set(int column, Object value) {
        values[column] = value;
    }

    Object get(int column) {
        return values[column];
    }

    /** A column by name, looked up on each call: for reading a row, not for filling one. */
    Object get(String name) {
        return values[columns.index(name)];
    }

    /** The row in the order of {@link LakeLayout#schema}, as the lake writer takes it. */
    Object[] values() {
        return values;
    }

    /** The columns of a dataset's lake rows, by name, in the order of {@link LakeLayout#schema}. */
    static final class Columns {
        private final String dataset;
        private final List<String> names;
        private final Map<String, Integer> indexes;

        private Columns(String dataset, List<String> names) {
            this.dataset = dataset;
            this.names = List.copyOf(names);
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), i);
            }
            this.indexes = Map.copyOf(byName);
        }

        static Columns of(DatasetSpec dataset) {
            return new Columns(dataset.name(), LakeLayout.schema(dataset).stream().map(LakeColumn::name).toList());
        }

        /** The position of a column; a name the dataset's lake rows do not have is a programming error. */
        int index(String name) {
            Integer index = indexes.get(name);
            if (index == null) {
                throw new IllegalArgumentException("lake dataset " + dataset + " has no column '" + name + "'; its columns are " + names);
            }
            return index;
        }

        List<String> names() {
            return names;
        }

        int size() {
            return names.size();
        }
    }
}
