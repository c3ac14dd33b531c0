package fr.pairobs.warehouse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeColumn;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.ParquetPartWriter;
import fr.pairobs.lake.ParquetWriteOptions;

import static java.util.Objects.requireNonNull;

/**
 * A small hand-made lake for warehouse fixtures: rows are maps of lake columns, written as one committed
 * batch per dataset, partner and period, then built with the real SQL into a real DuckDB file.
 */
final class FixtureLake {
    private final SpecCatalog catalog;
    private final LakeLayout lake;
    private final Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();

    FixtureLake(Path home) throws Exception {
        requireNonNull(home, "home is null");
        this.catalog = SpecCatalog.load(Path.of("config"), Path.of("jobs"));
        this.lake = new LakeLayout(home.resolve("lake"));
    }

    /** Adds a row of a dataset; {@code fields} holds canonical fields (and person or lineage columns to override). */
    FixtureLake add(String dataset, String partner, String period, Map<String, Object> fields) {
        Map<String, Object> row = new HashMap<>();
        row.put("person_key_id", "k1");
        row.put("sex", "F");
        row.put("birth_year", 1980);
        row.put("residence_dept", "69");
        row.put("_partner", partner);
        row.put("_feed", partner + "." + dataset);
        row.put("_source_line", 2L);
        row.put("_period", period);
        row.put("_pulled_at", Instant.parse("2026-01-02T00:00:00Z"));
        row.put("_job_execution_id", 1L);
        row.putAll(fields);
        row.put("_source_sha256", sha256(dataset + "/" + partner + "/" + period));
        rows.computeIfAbsent(dataset, d -> new ArrayList<>()).add(row);
        return this;
    }

    /** Writes the batches and builds the warehouse into {@code target}. */
    Path build(Path target) throws Exception {
        writeBatches();
        new WarehouseBuilder(catalog, lake, Path.of("sql").toAbsolutePath(), Path.of("config").toAbsolutePath()).build(target);
        return target;
    }

    /** Writes one committed batch per dataset, partner and period under {@code <home>/lake}. */
    void writeBatches() throws Exception {
        for (Map.Entry<String, List<Map<String, Object>>> entry : rows.entrySet()) {
            DatasetSpec dataset = catalog.dataset(entry.getKey());
            List<LakeColumn> schema = LakeLayout.schema(dataset);
            Map<String, List<Map<String, Object>>> batches = new LinkedHashMap<>();
            for (Map<String, Object> row : entry.getValue()) {
                batches.computeIfAbsent((String) row.get("_source_sha256"), k -> new ArrayList<>()).add(row);
            }
            for (List<Map<String, Object>> batch : batches.values()) {
                Map<String, Object> first = batch.get(0);
                Path dir = lake.batchDir(dataset.name(), (String) first.get("_partner"), (String) first.get("_source_sha256"));
                Files.createDirectories(dir);
                try (ParquetPartWriter writer = ParquetPartWriter.open(dir.resolve("part-00000.parquet"), schema,
                        ParquetWriteOptions.defaults())) {
                    for (Map<String, Object> row : batch) {
                        Object[] values = new Object[schema.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = row.get(schema.get(i).name());
                        }
                        writer.write(values);
                    }
                }
            }
        }
    }

    /** The rows of a query as maps of column label to value, in order. */
    static List<Map<String, Object>> query(Path warehouse, String sql) throws Exception {
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection c = WarehouseReader.openReadOnly(warehouse); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    /** The rows of a query run on an in-memory DuckDB (reading Parquet files, say). */
    static List<Map<String, Object>> queryInMemory(String sql) throws Exception {
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    /** The rows a check file of sql/checks returns on a warehouse. */
    static List<Map<String, Object>> check(Path warehouse, String checkName) throws Exception {
        Path file = Path.of("sql/checks", checkName + ".sql");
        String query = String.join("\n", SqlScript.read(file, Map.of()).statements()).replaceFirst(";\\s*$", "");
        return query(warehouse, query);
    }

    static String key(int i) {
        return String.format("%064x", i);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
