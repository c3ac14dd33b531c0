package fr.pairobs.warehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeColumn;
import fr.pairobs.lake.LakeLayout;

import static java.util.Objects.requireNonNull;

/**
 * Builds a new warehouse file from the lake with the SQL of {@code sql/build.txt}. The lake is read
 * through one temporary view per dataset ({@code lake_<dataset>}) over the committed Parquet parts
 * only, so a batch being ingested or a staging directory is never seen.
 */
public final class WarehouseBuilder {
    /** The oldest DuckDB line that must open the published file. */
    public static final String STORAGE_VERSION = "v1.4.0";
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseBuilder.class);

    private final SpecCatalog catalog;
    private final LakeLayout lake;
    private final Path sqlDir;
    private final Path configDir;

    public WarehouseBuilder(SpecCatalog catalog, LakeLayout lake, Path sqlDir, Path configDir) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.sqlDir = requireNonNull(sqlDir, "sqlDir is null");
        this.configDir = requireNonNull(configDir, "configDir is null");
    }

    /** Builds {@code target} from scratch (an earlier partial file of the same name is removed). */
    public BuildResult build(Path target) {
        return build(target, (script, done, total) -> { });
    }

    /** Told after each script of the build order. */
    public interface Progress {
        void scriptBuilt(String script, int done, int total);
    }

    public BuildResult build(Path target, Progress progress) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.deleteIfExists(Path.of(target + ".wal"));
        } catch (IOException e) {
            throw new WarehouseException("cannot prepare " + target + ": " + e.getMessage(), e);
        }
        List<Path> scripts = buildOrder();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("ATTACH '" + sqlPath(target) + "' AS warehouse (STORAGE_VERSION '" + STORAGE_VERSION + "')");
            statement.execute("USE warehouse");
            for (DatasetSpec dataset : catalog.datasets().values()) {
                statement.execute(lakeView(dataset));
            }
            statement.execute(datasetKeys());
            statement.execute(quarantineView());
            Map<String, String> placeholders = Map.of("config", sqlPath(configDir), "lake", sqlPath(lake.root()));
            int done = 0;
            Map<String, Long> scriptMillis = new java.util.LinkedHashMap<>();
            for (Path script : scripts) {
                long scriptStarted = System.nanoTime();
                for (String sql : SqlScript.read(script, placeholders).statements()) {
                    try {
                        statement.execute(sql);
                    } catch (SQLException e) {
                        throw new WarehouseException(sqlDir.relativize(script) + ": " + firstLine(e.getMessage())
                                + "\nin statement:\n" + abbreviate(sql), e);
                    }
                }
                scriptMillis.put(sqlDir.relativize(script).toString(), (System.nanoTime() - scriptStarted) / 1_000_000);
                progress.scriptBuilt(sqlDir.relativize(script).toString(), ++done, scripts.size());
            }
            LOG.info("slowest build scripts: {}", scriptMillis.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .map(e -> e.getKey() + " " + e.getValue() + " ms").collect(java.util.stream.Collectors.joining(", ")));
            statement.execute("CHECKPOINT");
            statement.execute("USE memory");
            statement.execute("DETACH warehouse");
        } catch (SQLException e) {
            throw new WarehouseException("warehouse build into " + target + " failed: " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("warehouse built into {} from {} script(s) in {} ms", target, scripts.size(), millis);
        return new BuildResult(target, scripts.size(), millis);
    }

    List<Path> buildOrder() {
        Path order = sqlDir.resolve("build.txt");
        try {
            List<Path> scripts = new ArrayList<>();
            for (String line : Files.readAllLines(order, StandardCharsets.UTF_8)) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                Path script = sqlDir.resolve(entry).normalize();
                if (!script.startsWith(sqlDir) || !Files.isRegularFile(script)) {
                    throw new WarehouseException(order + ": '" + entry + "' is not a file under " + sqlDir);
                }
                scripts.add(script);
            }
            return scripts;
        } catch (IOException e) {
            throw new WarehouseException("cannot read " + order + ": " + e.getMessage(), e);
        }
    }

    /** The key each dataset declares in config/datasets.yml, for the generated key tests (sql/reference/ref_warehouse_key.sql). */
    private String datasetKeys() {
        String rows = catalog.datasets().values().stream()
                .map(d -> "('" + d.name() + "', [" + d.key().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ")) + "])")
                .collect(Collectors.joining(", "));
        return "CREATE OR REPLACE TEMP TABLE lake_dataset_key AS SELECT * FROM (VALUES " + rows + ") t(dataset, key_columns)";
    }

    private String lakeView(DatasetSpec dataset) {
        List<LakeColumn> schema = LakeLayout.schema(dataset);
        List<Path> parts = lake.committedParts(dataset.name());
        String columns = schema.stream().map(c -> c.name()).collect(Collectors.joining(", "));
        if (parts.isEmpty()) {
            String empty = schema.stream()
                    .map(c -> "CAST(NULL AS " + duckType(c) + ") AS " + c.name())
                    .collect(Collectors.joining(", "));
            return "CREATE OR REPLACE TEMP VIEW lake_" + dataset.name() + " AS SELECT " + empty + " WHERE false";
        }
        String files = parts.stream().map(p -> "'" + sqlPath(p) + "'").collect(Collectors.joining(", "));
        return "CREATE OR REPLACE TEMP VIEW lake_" + dataset.name() + " AS SELECT " + columns
                + " FROM read_parquet([" + files + "], union_by_name = true)";
    }

    /**
     * {@code lake_quarantine}: what the nightly set aside ({@link fr.pairobs.lake.Quarantine}'s open list), empty when
     * nothing ever was, so that each build records the gaps it was built with.
     */
    private String quarantineView() {
        Path open = fr.pairobs.lake.Quarantine.openFile(lake.root());
        String columns = "{'kind': 'VARCHAR', 'partner': 'VARCHAR', 'feed': 'VARCHAR', 'dataset': 'VARCHAR', 'sha256': 'VARCHAR', "
                + "'source_name': 'VARCHAR', 'period': 'VARCHAR', 'reason': 'VARCHAR', 'since': 'TIMESTAMP WITH TIME ZONE', "
                + "'job_execution_id': 'BIGINT'}";
        if (!Files.exists(open)) {
            return "CREATE OR REPLACE TEMP VIEW lake_quarantine AS SELECT * FROM (VALUES (NULL::VARCHAR, NULL::VARCHAR, "
                    + "NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, "
                    + "NULL::TIMESTAMP WITH TIME ZONE, NULL::BIGINT)) t(kind, partner, feed, dataset, sha256, source_name, period, "
                    + "reason, since, job_execution_id) WHERE false";
        }
        return "CREATE OR REPLACE TEMP VIEW lake_quarantine AS SELECT * FROM read_csv('" + sqlPath(open)
                + "', header = true, quote = '\"', escape = '\"', columns = " + columns + ")";
    }

    private static String duckType(LakeColumn column) {
        return switch (column.type()) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
        };
    }

    /** A path as a single-quoted DuckDB string literal's content. */
    public static String sqlPath(Path path) {
        return path.toAbsolutePath().toString().replace('\\', '/').replace("'", "''");
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String abbreviate(String sql) {
        return sql.length() > 600 ? sql.substring(0, 600) + " ..." : sql;
    }

    /** A finished build: the new file, how many scripts ran and how long it took. */
    public record BuildResult(Path file, int scripts, long millis) {
    }
}
