package fr.pairobs.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import fr.pairobs.warehouse.SqlScript;
import fr.pairobs.warehouse.WarehouseException;

import static java.util.Objects.requireNonNull;

/**
 * Runs the checks of {@code sql/checks/} on a built warehouse. Each check is one SELECT returning
 * the offending rows, with {@code -- severity:}, {@code -- threshold:} and {@code -- description:}
 * header lines. Results are stored in the warehouse itself ({@code quality_check_result}) so that
 * evaluators see what was checked, and a blocking failure stops the publish.
 */
public final class QualityChecks {
    private static final int SAMPLE_ROWS = 5;
    private final Path checksDir;
    private final CheckHistory history;

    public QualityChecks(Path checksDir, CheckHistory history) {
        this.checksDir = requireNonNull(checksDir, "checksDir is null");
        this.history = requireNonNull(history, "history is null");
    }

    public List<CheckResult> run(Path warehouse, String buildId) {
        List<Path> files = checkFiles();
        List<CheckResult> results = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
                String query = String.join("\n", SqlScript.read(file, Map.of()).statements()).replaceFirst(";\\s*$", "");
                String family = SqlScript.header(file, "family", "plausibility");
                String severity = SqlScript.header(file, "severity", "blocking");
                long threshold = Long.parseLong(SqlScript.header(file, "threshold", "0"));
                String description = SqlScript.header(file, "description", "");
                results.add(run(statement, name, family, severity, threshold, description, query));
            }
            // the generated key tests (unique, not null, relationships) of every fact and dimension
            for (KeyTests.KeyTest test : KeyTests.generate(statement)) {
                results.add(run(statement, test.name(), "conformance", "blocking", 0, test.description(), test.query()));
            }
            results = history.compareAndRecord(buildId, results);
            store(connection, buildId, results);
        } catch (SQLException e) {
            throw new WarehouseException("cannot run checks on " + warehouse + ": " + e.getMessage(), e);
        }
        return results;
    }

    private static CheckResult run(Statement statement, String name, String family, String severity, long threshold,
            String description, String query) throws SQLException {
        long count;
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM (" + query + ")")) {
            rs.next();
            count = rs.getLong(1);
        } catch (SQLException e) {
            throw new WarehouseException("check " + name + " does not run: " + e.getMessage() + "\nquery:\n" + query, e);
        }
        List<String> sample = new ArrayList<>();
        if (count > 0) {
            try (ResultSet rs = statement.executeQuery("SELECT * FROM (" + query + ") LIMIT " + SAMPLE_ROWS)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.append(c > 1 ? ", " : "").append(meta.getColumnLabel(c)).append('=').append(rs.getString(c));
                    }
                    sample.add(row.toString());
                }
            }
        }
        return new CheckResult(name, family, severity, threshold, count, description, sample, "");
    }

    private static void store(Connection connection, String buildId, List<CheckResult> results) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE quality_check_result (build_id VARCHAR, check_name VARCHAR, family VARCHAR, "
                    + "severity VARCHAR, threshold BIGINT, failing_rows BIGINT, status VARCHAR, trend VARCHAR, description VARCHAR, "
                    + "sample VARCHAR)");
            statement.execute("COMMENT ON TABLE quality_check_result IS 'Outcome of every check of sql/checks/ on this build: "
                    + "failing_rows above threshold fails the check; a failed blocking check prevents publication'");
            String[][] columns = {{"build_id", "Build (job instance) the checks ran on"}, {"check_name", "Check file of sql/checks"},
                    {"family", "conformance, completeness or plausibility"}, {"severity", "blocking (stops the publish) or warning"},
                    {"threshold", "Offending rows tolerated"}, {"failing_rows", "Offending rows found"},
                    {"status", "PASSED, WARNING or FAILED"}, {"trend", "Against the previous build: new, persisting or fixed"},
                    {"description", "What the check checks"}, {"sample", "A few offending rows"}};
            for (String[] column : columns) {
                statement.execute("COMMENT ON COLUMN quality_check_result." + column[0] + " IS '" + column[1] + "'");
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO quality_check_result VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CheckResult r : results) {
                insert.setString(1, buildId);
                insert.setString(2, r.check());
                insert.setString(3, r.family());
                insert.setString(4, r.severity());
                insert.setLong(5, r.threshold());
                insert.setLong(6, r.failingRows());
                insert.setString(7, r.status());
                insert.setString(8, r.trend());
                insert.setString(9, r.description());
                insert.setString(10, String.join(" | ", r.sample()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public List<Path> checkFiles() {
        if (!Files.isDirectory(checksDir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(checksDir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new WarehouseException("cannot list " + checksDir + ": " + e.getMessage(), e);
        }
    }
}
