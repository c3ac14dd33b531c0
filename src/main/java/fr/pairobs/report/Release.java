package fr.pairobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.pairobs.warehouse.WarehouseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * What the report reads from an open release ({@code var/release/<date>/}): the indicator tables of
 * {@code release.duckdb} with their comments, {@code release_info}, {@code release_completeness},
 * {@code release_quality_checks} and the checksums of {@code manifest.json}. Nothing else: the report
 * cannot show what the release does not publish.
 */
public record Release(Path directory, Info info, List<Table> indicators, List<Completeness> completeness,
        List<QualityCheck> qualityChecks, List<ManifestFile> manifest) {
    public Release {
        requireNonNull(directory, "directory is null");
        requireNonNull(info, "info is null");
        indicators = List.copyOf(indicators);
        completeness = List.copyOf(completeness);
        qualityChecks = List.copyOf(qualityChecks);
        manifest = List.copyOf(manifest);
    }

    /** Columns that place a row rather than measure something: never charted as values. */
    static final Set<String> PLACE_COLUMNS = Set.of("level", "structure_id", "structure_name", "departement", "year", "is_masked",
            "mask_reason");

    public record Info(LocalDate releaseDate, String buildId, LocalDate dataUpTo, LocalDateTime builtAt, String codeVersion,
            String sqlVersion) {
    }

    public record Column(String name, String type, String comment, boolean numeric) {
    }

    /** One indicator table: its rows as column name to value (Double for numbers, NULL where masked or not applicable). */
    public record Table(String name, String comment, List<Column> columns, List<Map<String, Object>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public boolean has(String column) {
            return columns.stream().anyMatch(c -> c.name().equals(column));
        }

        public Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    public record Completeness(String partnerId, String feed, String dataset, String period, String status, LocalDate receivedOn) {
    }

    public record QualityCheck(String buildId, LocalDateTime builtAt, String checkName, String family, String severity,
            String status, Long failingRows) {
    }

    public record ManifestFile(String path, String sha256, Long bytes) {
    }

    public static Release read(Path directory) {
        Path database = directory.resolve("release.duckdb");
        if (!Files.isRegularFile(database)) {
            throw new ReportException("no release.duckdb in " + directory + ": publish a release first (pairobs run nightly)");
        }
        try (Connection connection = WarehouseReader.openReadOnly(database)) {
            Info info = info(connection, database);
            List<Table> tables = new ArrayList<>();
            for (String name : indicatorTables(connection)) {
                tables.add(table(connection, name));
            }
            // a release without completeness or checks still gets its report, with those sections empty
            return new Release(directory, info, tables,
                    exists(connection, "release_completeness") ? completeness(connection) : List.of(),
                    exists(connection, "release_quality_checks") ? qualityChecks(connection) : List.of(),
                    manifest(directory.resolve("manifest.json")));
        } catch (SQLException e) {
            throw new ReportException("cannot read " + database + ": " + e.getMessage(), e);
        }
    }

    private static Info info(Connection connection, Path database) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM release_info")) {
            if (!rs.next()) {
                throw new ReportException(database + ": release_info has no row");
            }
            return new Info(rs.getObject("release_date", LocalDate.class), rs.getString("build_id"),
                    rs.getObject("data_up_to", LocalDate.class), rs.getObject("built_at", LocalDateTime.class),
                    rs.getString("code_version"), rs.getString("sql_version"));
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<String> indicatorTables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ind\\_%' ESCAPE '\\' "
                        + "AND schema_name = 'main' ORDER BY table_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Table table(Connection connection, String name) throws SQLException {
        String comment = "";
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT comment FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    comment = rs.getString(1);
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT column_name, data_type, comment, numeric_precision IS NOT NULL "
                + "FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3),
                            rs.getBoolean(4)));
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + name + "\"")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    Object value = rs.getObject(c);
                    String column = meta.getColumnLabel(c);
                    if (value instanceof Number n && !"year".equals(column)) {
                        value = n.doubleValue();
                    } else if (value instanceof Number n) {
                        value = n.intValue();
                    } else if (value != null && !(value instanceof Boolean)) {
                        value = value.toString();
                    }
                    row.put(column, value);
                }
                rows.add(row);
            }
        }
        return new Table(name, comment, columns, rows);
    }

    private static List<Completeness> completeness(Connection connection) throws SQLException {
        List<Completeness> list = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT partner_id, feed, dataset, period, status, received_on FROM release_completeness "
                        + "ORDER BY partner_id, dataset, period")) {
            while (rs.next()) {
                list.add(new Completeness(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, LocalDate.class)));
            }
        }
        return list;
    }

    private static List<QualityCheck> qualityChecks(Connection connection) throws SQLException {
        List<QualityCheck> list = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT build_id, built_at, check_name, family, severity, status, failing_rows FROM release_quality_checks "
                        + "ORDER BY built_at NULLS FIRST, build_id, check_name")) {
            while (rs.next()) {
                list.add(new QualityCheck(rs.getString(1), rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), (Long) longOrNull(rs, 7)));
            }
        }
        return list;
    }

    private static Object longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * The files of manifest.json with their SHA-256: either a {@code files} array of objects (path or name,
     * sha256, bytes or size) or a {@code files} object from path to checksum.
     */
    static List<ManifestFile> manifest(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ReportException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        List<ManifestFile> files = new ArrayList<>();
        JsonNode node = root.path("files");
        if (node.isArray()) {
            for (JsonNode f : node) {
                String path = text(f, "path", "name", "file");
                JsonNode size = f.has("bytes") ? f.get("bytes") : f.get("size");
                files.add(new ManifestFile(path, text(f, "sha256", "checksum"), size == null || !size.isNumber() ? null : size.asLong()));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                files.add(new ManifestFile(e.getKey(), v.isString() ? v.asString() : text(v, "sha256", "checksum"), null));
            }
        }
        return files;
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                return v.asString();
            }
        }
        return "";
    }
}
