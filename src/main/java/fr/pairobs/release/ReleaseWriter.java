package fr.pairobs.release;

import java.util.Arrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.pairobs.warehouse.SqlScript;
import fr.pairobs.warehouse.WarehouseBuilder;

import static java.util.Objects.requireNonNull;

/**
 * Writes an open release from a built (checked) warehouse into a directory:
 * <ol>
 * <li>reads {@code ind_cell}, chooses the masks ({@link Suppression});</li>
 * <li>replays every research indicator view of the warehouse ({@code ind_*}) over the protected cells
 * ({@code sql/release/ind_cell_masked.sql}), so the release tables have the research views' names, columns and
 * comments whatever columns the views gain;</li>
 * <li>adds {@code release_info}, {@code release_completeness}, {@code release_quality_checks} (sql/release/);</li>
 * <li>audits the masks the tables were written with ({@link DisclosureAudit}): a failure refuses the release;</li>
 * <li>exports each table as CSV and Parquet and writes {@code manifest.json} with the SHA-256 of every file.</li>
 * </ol>
 * Nothing else of the warehouse is copied: no person-level table, no {@code ind_cell}.
 */
public final class ReleaseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseWriter.class);

    private final Path sqlDir;
    private final SecrecyRules rules;

    public ReleaseWriter(Path sqlDir, SecrecyRules rules) {
        this.sqlDir = requireNonNull(sqlDir, "sqlDir is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** What a release is, beyond its data: the same values given to a rebuild reproduce it. */
    public record Params(LocalDate releaseDate, String buildId, LocalDateTime builtAt, String codeVersion, String sqlVersion) {
        public Params {
            requireNonNull(releaseDate, "releaseDate is null");
            requireNonNull(buildId, "buildId is null");
            builtAt = requireNonNull(builtAt, "builtAt is null").withNano(0);
            requireNonNull(codeVersion, "codeVersion is null");
            requireNonNull(sqlVersion, "sqlVersion is null");
        }
    }

    /**
     * Figures of one release. None is computed over masked cells (a sum of masked values would be one more equation
     * for an attacker): counts of cells, of audited values, of solves and times only.
     */
    public record Summary(int cells, long published, long primary, long secondary, long carried, long auditedValues,
            long auditFailures, long solves, long auditMillis, Map<String, Long> tables, Suppression.Result protection,
            String previousRelease, String previousBuild) {
    }

    public Summary write(Path warehouse, Path lakeRoot, Path rejectsRoot, List<LakeBatch> batches, Params params, Path target) {
        return write(warehouse, lakeRoot, rejectsRoot, batches, params, target, null, null);
    }

    /**
     * @param previous the last published release (its masks, and its true cells when its ledger is kept), or null
     * @param ledger where to keep this release's true cells and masks for the next night (never in the release), or null
     */
    public Summary write(Path warehouse, Path lakeRoot, Path rejectsRoot, List<LakeBatch> batches, Params params, Path target,
            PreviousRelease previous, Path ledger) {
        try {
            Files.createDirectories(target.resolve("tables"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        Path db = target.resolve("release.duckdb");
        Summary summary;
        List<LakeBatch> sourced = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("ATTACH '" + WarehouseBuilder.sqlPath(warehouse) + "' AS w (READ_ONLY)");
            Cells cells = Cells.read(connection, "w.ind_cell");
            Suppression suppression = new Suppression(cells, rules, previous);
            Suppression.Result protection = suppression.protect();
            long carried = 0;
            for (int i = 0; i < cells.size(); i++) {
                carried += suppression.carried(i) && !suppression.primary(i) ? 1 : 0;
            }
            long protectedAt = System.nanoTime();
            writeMask(connection, cells, protection);
            run(statement, "ind_cell_masked.sql");
            statement.execute("SET search_path = 'memory.main,w.main'");
            statement.execute("ATTACH '" + WarehouseBuilder.sqlPath(db) + "' AS rel (STORAGE_VERSION '" + WarehouseBuilder.STORAGE_VERSION + "')");
            Map<String, Long> tables = new LinkedHashMap<>();
            for (String[] view : indicatorViews(statement)) {
                statement.execute(view[1]);
                statement.execute("CREATE TABLE rel." + view[0] + " AS SELECT * FROM memory.main." + view[0] + " ORDER BY ALL");
                copyComments(connection, view[0], view[2]);
                long rows = count(statement, "rel." + view[0]);
                long research = count(statement, "w.main." + view[0]);
                if (rows != research) {
                    throw new ReleaseException("release table " + view[0] + " has " + rows + " row(s), the research view " + research
                            + ": every cell must be in release_mask");
                }
                tables.put(view[0], rows);
            }
            // the audit reads back the masks the tables were written with, not the protection's own answer
            long tablesAt = System.nanoTime();
            Suppression.Reason[] masked = readMasks(connection, cells);
            DisclosureAudit audit = new DisclosureAudit(cells, rules, previous);
            // the tables carry the protection's masks (read back, not assumed): its last audit of each group is the
            // release's; any difference and the whole release is audited afresh
            List<DisclosureAudit.Finding> findings = Arrays.equals(masked, protection.reasons()) ? protection.findings()
                    : audit.audit(masked);
            writeAudit(findings, target.resolve("disclosure_audit.csv"));
            long failures = findings.stream().filter(f -> !f.passed()).count();
            long auditedAt = System.nanoTime();
            sourced = lakeTables(connection, lakeRoot, rejectsRoot, batches);
            writeParams(connection, params, failures);
            run(statement, "release_info.sql");
            run(statement, "release_completeness.sql");
            run(statement, "release_quality_checks.sql");
            for (String table : List.of("release_info", "release_completeness", "release_quality_checks")) {
                tables.put(table, count(statement, "rel." + table));
            }
            if (failures > 0) {
                throw new ReleaseException("the disclosure audit refuses the release: " + failures + " masked value(s) can be narrowed "
                        + "too far, e.g. " + findings.stream().filter(f -> !f.passed()).limit(3)
                                .map(f -> f.key() + " " + f.measure() + " " + f.status() + " [" + f.min() + ", " + f.max() + "]")
                                .toList() + "; see " + target.resolve("disclosure_audit.csv"));
            }
            // one thread: the exported files are then the same bytes on every rebuild
            statement.execute("SET threads = 1");
            for (String table : tables.keySet()) {
                String from = "(SELECT * FROM rel." + table + " ORDER BY ALL)";
                statement.execute("COPY " + from + " TO '" + WarehouseBuilder.sqlPath(target.resolve("tables/" + table + ".csv"))
                        + "' (HEADER, DELIMITER ',')");
                statement.execute("COPY " + from + " TO '" + WarehouseBuilder.sqlPath(target.resolve("tables/" + table + ".parquet"))
                        + "' (FORMAT parquet, COMPRESSION zstd)");
            }
            long lakeAt = System.nanoTime();
            statement.execute("CHECKPOINT rel");
            statement.execute("DETACH rel");
            if (ledger != null) {
                SecrecyLedger.write(connection, ledger, protection, cells);
            }
            LOG.info("release timings: protection {} ms, tables {} ms, audit {} ms ({} solves), lake batches and exports {} ms, "
                    + "checkpoint {} ms", protection.millis(), (tablesAt - protectedAt) / 1_000_000, (auditedAt - tablesAt) / 1_000_000,
                    audit.solves(), (lakeAt - auditedAt) / 1_000_000, (System.nanoTime() - lakeAt) / 1_000_000);
            summary = new Summary(cells.size(), cells.size() - protection.count(Suppression.Reason.PRIMARY)
                    - protection.count(Suppression.Reason.SECONDARY), protection.count(Suppression.Reason.PRIMARY),
                    protection.count(Suppression.Reason.SECONDARY), carried, findings.size(), failures, protection.auditSolves() + audit.solves(),
                    (auditedAt - tablesAt) / 1_000_000, tables, protection, previous == null ? null : previous.name(),
                    previous == null ? null : previous.buildId());
        } catch (SQLException e) {
            throw new ReleaseException("the release cannot be written into " + target + ": " + e.getMessage(), e);
        }
        Manifest.write(target, params, sourced, summary);
        LOG.info("release written into {}: {} cell(s), {} published, {} masked ({} primary, {} secondary, {} carried from release {}); "
                + "audit {} value(s), {} failure(s)", target, summary.cells(), summary.published(), summary.primary() + summary.secondary(),
                summary.primary(), summary.secondary(), summary.carried(), summary.previousRelease(), summary.auditedValues(),
                summary.auditFailures());
        return summary;
    }

    private void run(Statement statement, String script) throws SQLException {
        for (String sql : SqlScript.read(sqlDir.resolve("release").resolve(script), Map.of()).statements()) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new ReleaseException("sql/release/" + script + ": " + e.getMessage(), e);
            }
        }
    }

    /** The research indicator views of the warehouse: name, CREATE statement, comment. */
    private static List<String[]> indicatorViews(Statement statement) throws SQLException {
        List<String[]> views = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT view_name, sql, comment FROM duckdb_views() WHERE database_name = 'w' "
                + "AND NOT internal AND (view_name LIKE 'ind\\_%' ESCAPE '\\' OR view_name IN ('evaluation_flow', 'cohort_balance')) "
                + "AND view_name <> 'ind_cell_masked' ORDER BY view_name")) {
            while (rs.next()) {
                views.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return views;
    }

    private static void copyComments(Connection connection, String view, String comment) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (comment != null) {
                statement.execute("COMMENT ON TABLE rel." + view + " IS '" + comment.replace("'", "''") + "'");
            }
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT column_name, comment FROM duckdb_columns() "
                    + "WHERE database_name = 'w' AND table_name = ? AND comment IS NOT NULL")) {
                ps.setString(1, view);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            for (String[] c : columns) {
                statement.execute("COMMENT ON COLUMN rel." + view + ".\"" + c[0].replace("\"", "\"\"") + "\" IS '"
                        + c[1].replace("'", "''") + "'");
            }
        }
    }

    private static void writeMask(Connection connection, Cells cells, Suppression.Result protection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE release_mask (indicator VARCHAR, level VARCHAR, structure_id VARCHAR, departement VARCHAR, "
                    + "year INTEGER, breakdown VARCHAR, is_masked BOOLEAN, reason VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO release_mask VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < cells.size(); i++) {
                CellKey k = cells.get(i).key();
                insert.setString(1, k.indicator());
                insert.setString(2, k.level());
                insert.setString(3, k.structureId());
                insert.setString(4, k.departement());
                insert.setObject(5, k.year());
                insert.setString(6, k.breakdown());
                insert.setBoolean(7, protection.masked(i));
                insert.setString(8, protection.reasons()[i].name().toLowerCase(java.util.Locale.ROOT));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Suppression.Reason[] readMasks(Connection connection, Cells cells) throws SQLException {
        Suppression.Reason[] masked = new Suppression.Reason[cells.size()];
        Arrays.fill(masked, Suppression.Reason.NONE);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT DISTINCT indicator, level, structure_id, departement, year, breakdown, is_masked, "
                        + "mask_reason FROM ind_cell_masked")) {
            while (rs.next()) {
                Integer year = rs.getObject(5) == null ? null : ((Number) rs.getObject(5)).intValue();
                int i = cells.indexOf(new CellKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        year, rs.getString(6)));
                if (i >= 0 && rs.getBoolean(7)) {
                    masked[i] = "primary".equals(rs.getString(8)) ? Suppression.Reason.PRIMARY : Suppression.Reason.SECONDARY;
                }
            }
        }
        return masked;
    }

    /** Rows and rejects of each batch; returns the batches with their source checksum. */
    private static List<LakeBatch> lakeTables(Connection connection, Path lakeRoot, Path rejectsRoot, List<LakeBatch> batches)
            throws SQLException {
        List<LakeBatch> sourced = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE release_lake (dataset VARCHAR, partner_id VARCHAR, feed VARCHAR, period VARCHAR, "
                    + "source_sha256 VARCHAR, pulled_at TIMESTAMPTZ, rows BIGINT)");
            statement.execute("CREATE TEMP TABLE release_rejects (source_sha256 VARCHAR, rejects BIGINT)");
            for (LakeBatch batch : batches) {
                Path dir = batch.dir(lakeRoot);
                String parts = WarehouseBuilder.sqlPath(dir) + "/*.parquet";
                statement.execute("INSERT INTO release_lake SELECT '" + batch.dataset() + "', _partner, _feed, CAST(_period AS VARCHAR), "
                        + "_source_sha256, max(_pulled_at), count(*) FROM read_parquet('" + parts + "') GROUP BY ALL");
                String sha = "";
                try (ResultSet rs = statement.executeQuery("SELECT min(source_sha256) FROM release_lake WHERE dataset = '"
                        + batch.dataset() + "' AND partner_id = '" + batch.partner().replace("'", "''") + "' AND source_sha256 LIKE '"
                        + batch.batch().replace("'", "''") + "%'")) {
                    if (rs.next() && rs.getString(1) != null) {
                        sha = rs.getString(1);
                    }
                }
                sourced.add(batch.withSource(sha));
                Path rejects = batch.rejectsDir(rejectsRoot);
                long n = 0;
                if (Files.isDirectory(rejects)) {
                    try (Stream<Path> files = Files.list(rejects)) {
                        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                            try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                                n += Math.max(0, lines.count() - 1);
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot read " + f, e);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot list " + rejects, e);
                    }
                }
                statement.execute("INSERT INTO release_rejects VALUES ('" + sha.replace("'", "") + "', " + n + ")");
            }
        }
        return sourced;
    }

    private static void writeParams(Connection connection, Params params, long failures) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE release_params (release_date DATE, build_id VARCHAR, built_at TIMESTAMP, "
                    + "code_version VARCHAR, sql_version VARCHAR)");
            statement.execute("CREATE TEMP TABLE release_audit (check_name VARCHAR, family VARCHAR, severity VARCHAR, status VARCHAR, "
                    + "failing_rows BIGINT)");
            statement.execute("INSERT INTO release_audit VALUES ('release_disclosure_audit', 'disclosure', 'blocking', '"
                    + (failures == 0 ? "PASSED" : "FAILED") + "', " + failures + ")");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO release_params VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, params.releaseDate());
            insert.setString(2, params.buildId());
            insert.setObject(3, params.builtAt());
            insert.setString(4, params.codeVersion());
            insert.setString(5, params.sqlVersion());
            insert.execute();
        }
    }

    private static long count(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void writeAudit(List<DisclosureAudit.Finding> findings, Path file) {
        StringBuilder csv = new StringBuilder("indicator,level,structure_id,departement,year,breakdown,measure,kind,feasible_min,feasible_max,width,status\n");
        for (DisclosureAudit.Finding f : findings) {
            if (f.previousNight()) {
                // the last release's values are audited again tonight, listed in that release's own file
                continue;
            }
            CellKey k = f.key();
            csv.append(String.join(",", csvField(k.indicator()), csvField(k.level()), csvField(k.structureId()), csvField(k.departement()),
                    k.year() == null ? "" : k.year().toString(), csvField(k.breakdown()), csvField(f.measure()),
                    f.count() ? "count" : "value", number(f.min()), number(f.max()), number(f.max() - f.min()),
                    f.status())).append('\n');
        }
        try {
            Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return java.math.BigDecimal.valueOf(Math.round(v * 1e6) / 1e6).stripTrailingZeros().toPlainString();
    }

    private static String csvField(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
