package fr.pairobs.release;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The indicator cells of a warehouse ({@code ind_cell}), in a fixed order so that the same warehouse
 * always gives the same protection. Generic over indicators and measures: a measure of kind
 * {@code count} counts people; any other is a value.
 */
public final class Cells {
    private final List<Cell> cells;
    private final Map<CellKey, Integer> index = new HashMap<>();

    /** One cell with its measures (a value may be null) and the measures that count people. */
    public record Cell(CellKey key, String structureName, Map<String, Double> values, Set<String> counts) {
        public Cell {
            requireNonNull(key, "key is null");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            counts = Collections.unmodifiableSet(new LinkedHashSet<>(counts));
        }

        public Double value(String measure) {
            return values.get(measure);
        }

        /** The largest people count of the cell: how many people its masking hides. */
        public double size() {
            return counts.stream().map(values::get).filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    public Cells(List<Cell> cells) {
        List<Cell> sorted = new ArrayList<>(cells);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        this.cells = List.copyOf(sorted);
        for (int i = 0; i < this.cells.size(); i++) {
            if (index.put(this.cells.get(i).key(), i) != null) {
                throw new ReleaseException("indicator cell " + this.cells.get(i).key() + " appears twice in ind_cell");
            }
        }
    }

    /** Reads {@code ind_cell} through an open connection to the warehouse. */
    public static Cells read(Connection connection, String table) {
        Map<CellKey, String> names = new LinkedHashMap<>();
        Map<CellKey, Map<String, Double>> values = new LinkedHashMap<>();
        Map<CellKey, Set<String>> counts = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT indicator, level, structure_id, structure_name, departement, year, "
                        + "breakdown, measure, value, kind FROM " + table)) {
            while (rs.next()) {
                Integer year = rs.getObject(6) == null ? null : ((Number) rs.getObject(6)).intValue();
                CellKey key = new CellKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5),
                        year, rs.getString(7));
                names.putIfAbsent(key, rs.getString(4));
                Double value = rs.getObject(9) == null ? null : ((Number) rs.getObject(9)).doubleValue();
                values.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rs.getString(8), value);
                if ("count".equals(rs.getString(10))) {
                    counts.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(rs.getString(8));
                }
            }
        } catch (SQLException e) {
            throw new ReleaseException("cannot read the indicator cells of " + table + ": " + e.getMessage(), e);
        }
        List<Cell> list = new ArrayList<>();
        for (Map.Entry<CellKey, Map<String, Double>> e : values.entrySet()) {
            list.add(new Cell(e.getKey(), names.get(e.getKey()), e.getValue(), counts.getOrDefault(e.getKey(), Set.of())));
        }
        return new Cells(list);
    }

    public int size() {
        return cells.size();
    }

    public Cell get(int i) {
        return cells.get(i);
    }

    public List<Cell> all() {
        return cells;
    }

    /** Index of the cell, or -1. */
    public int indexOf(CellKey key) {
        return index.getOrDefault(key, -1);
    }
}
