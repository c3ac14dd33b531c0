package fr.pairobs.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Two runs' outputs compared row for row: the lake's Parquet rows and the published warehouse's tables and views. */
public final class SameData {
    private SameData() {
    }

    /**
     * Every table and view of the reference holds the same rows in the restarted warehouse, as a
     * multiset (EXCEPT ALL both ways), leaving out only what names a run rather than data: job
     * execution ids, pull times and build times.
     */
    public static void assertSameWarehouse(Path actual, Path expected) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + actual + "' AS a (READ_ONLY)");
            s.execute("ATTACH '" + expected + "' AS b (READ_ONLY)");
            Map<String, List<String>> objects = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, list(column_name ORDER BY ordinal_position)
                    FROM information_schema.columns WHERE table_catalog = 'b' AND table_schema = 'main'
                    GROUP BY table_name ORDER BY table_name""")) {
                while (rs.next()) {
                    List<String> columns = new ArrayList<>();
                    for (Object column : (Object[]) rs.getArray(2).getArray()) {
                        String name = column.toString();
                        if (!name.matches("(?i).*(job_execution_id|pulled_at|built_at|build_id|executed_at|checked_at).*")) {
                            columns.add('"' + name + '"');
                        }
                    }
                    objects.put(rs.getString(1), columns);
                }
            }
            assertThat(objects).containsKeys("fct_peer_contact", "dim_person", "ind_engagement");
            for (Map.Entry<String, List<String>> object : objects.entrySet()) {
                String table = object.getKey();
                String columns = String.join(", ", object.getValue());
                long expectedRows = single(s, "SELECT count(*) FROM b.\"" + table + "\"");
                assertThat(single(s, "SELECT count(*) FROM a.\"" + table + "\"")).as("rows of %s", table).isEqualTo(expectedRows);
                for (String[] pair : new String[][] {{"a", "b"}, {"b", "a"}}) {
                    String difference = "(SELECT " + columns + " FROM " + pair[0] + ".\"" + table + "\") EXCEPT ALL (SELECT "
                            + columns + " FROM " + pair[1] + ".\"" + table + "\")";
                    assertThat(rows(s, difference)).as("rows of %s in %s and not in %s", table, pair[0], pair[1]).isEmpty();
                }
            }
        }
    }

    /** The first rows of a query, as text, so that a difference shows in the failure message. */
    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + ") LIMIT 5")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /**
     * Every dataset of the expected lake holds the same rows in the actual one, as a multiset, line numbers and source
     * checksums included, leaving out the run's id and the pull time; returns the number of rows.
     */
    public static long assertSameLake(Path actual, Path expected) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            List<String> datasets;
            try (Stream<Path> list = Files.list(expected)) {
                datasets = list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList();
            }
            assertThat(datasets).contains("peer_contacts", "hospital_stays", "outcome_assessments");
            long rows = 0;
            for (String dataset : datasets) {
                String a = "SELECT * EXCLUDE (_job_execution_id, _pulled_at) FROM read_parquet('" + actual.resolve(dataset)
                        + "/*/batch=*/*.parquet')";
                String b = "SELECT * EXCLUDE (_job_execution_id, _pulled_at) FROM read_parquet('" + expected.resolve(dataset)
                        + "/*/batch=*/*.parquet')";
                assertThat(rows(s, a + " EXCEPT ALL " + b)).as("rows of %s in the actual lake only", dataset).isEmpty();
                assertThat(rows(s, b + " EXCEPT ALL " + a)).as("rows of %s in the expected lake only", dataset).isEmpty();
                rows += single(s, "SELECT count(*) FROM (" + a + ")");
            }
            return rows;
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
