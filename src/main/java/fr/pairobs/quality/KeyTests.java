package fr.pairobs.quality;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import fr.pairobs.warehouse.WarehouseException;

import static java.util.Objects.requireNonNull;

/**
 * dbt-style generic tests of the warehouse's keys, generated from {@code ref_warehouse_key} (the keys
 * of config/datasets.yml and config/reference/warehouse_keys.csv, loaded by the build): for a primary
 * key, one uniqueness test and one not-null test per column; for a unique key, a uniqueness test; for a
 * relationship, a test that every non-null value is found in the referenced table. Each is a query
 * returning the offending rows, run like a check file.
 */
public final class KeyTests {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** One generated test: its name, what it checks and the query returning offending rows. */
    public record KeyTest(String name, String description, String query) {
        public KeyTest {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(query, "query is null");
        }
    }

    private KeyTests() {
    }

    /** The tests of the keys the warehouse declares; none when it declares none. */
    public static List<KeyTest> generate(Statement statement) throws SQLException {
        List<KeyTest> tests = new ArrayList<>();
        try (ResultSet exists = statement.executeQuery(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ref_warehouse_key' AND NOT temporary")) {
            exists.next();
            if (exists.getLong(1) == 0) {
                return tests;
            }
        }
        try (ResultSet rs = statement.executeQuery(
                "SELECT table_name, test, columns, to_table, to_columns FROM ref_warehouse_key ORDER BY table_name, test, columns")) {
            while (rs.next()) {
                String table = identifier(rs.getString(1));
                String test = rs.getString(2);
                List<String> columns = identifiers(rs.getArray(3));
                String joined = String.join(", ", columns);
                String label = table + "__" + String.join("_", columns);
                switch (test) {
                    case "primary_key", "unique" -> {
                        tests.add(new KeyTest("key_unique__" + label, table + " (" + joined + ") is unique",
                                "SELECT " + joined + ", count(*) AS copies FROM " + table + " GROUP BY ALL HAVING count(*) > 1"));
                        if (test.equals("primary_key")) {
                            for (String column : columns) {
                                tests.add(new KeyTest("key_not_null__" + table + "__" + column, table + "." + column + " is never null",
                                        "SELECT '" + column + "' AS column_name, count(*) AS null_rows FROM " + table + " WHERE " + column
                                                + " IS NULL HAVING count(*) > 0"));
                            }
                        }
                    }
                    case "relationship" -> {
                        String to = identifier(rs.getString(4));
                        List<String> toColumns = identifiers(rs.getArray(5));
                        if (toColumns.size() != columns.size()) {
                            throw new WarehouseException("ref_warehouse_key: relationship of " + table + " (" + joined + ") to " + to
                                    + " names " + toColumns.size() + " referenced column(s) for " + columns.size());
                        }
                        StringBuilder on = new StringBuilder();
                        StringBuilder notNull = new StringBuilder();
                        for (int i = 0; i < columns.size(); i++) {
                            on.append(i > 0 ? " AND " : "").append("r.").append(toColumns.get(i)).append(" = f.").append(columns.get(i));
                            notNull.append(i > 0 ? " AND " : "").append("f.").append(columns.get(i)).append(" IS NOT NULL");
                        }
                        tests.add(new KeyTest("key_relationship__" + label + "__" + to,
                                "every " + table + " (" + joined + ") is found in " + to,
                                "SELECT " + columns.stream().map(c -> "f." + c).reduce((a, b) -> a + ", " + b).orElseThrow()
                                        + ", count(*) AS orphan_rows FROM " + table + " f WHERE " + notNull + " AND NOT EXISTS (SELECT 1 FROM "
                                        + to + " r WHERE " + on + ") GROUP BY ALL"));
                    }
                    default -> throw new WarehouseException("ref_warehouse_key: unknown test '" + test + "' for " + table
                            + "; expected primary_key, natural_key, unique or relationship");
                }
            }
        }
        return tests;
    }

    private static List<String> identifiers(Array array) throws SQLException {
        List<String> names = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            names.add(identifier((String) value));
        }
        if (names.isEmpty()) {
            throw new WarehouseException("ref_warehouse_key: a key without columns");
        }
        return names;
    }

    // names come from configuration and are spliced into SQL: only plain lower-case identifiers pass
    private static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new WarehouseException("ref_warehouse_key: '" + name + "' is not a table or column name "
                    + "(config/reference/warehouse_keys.csv or a key of config/datasets.yml)");
        }
        return name;
    }
}
