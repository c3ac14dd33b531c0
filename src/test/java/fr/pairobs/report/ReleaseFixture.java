package fr.pairobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * A release directory in the shape of the open-release contract, made from a real demo warehouse, for
 * the report's tests until publishing writes real ones: {@code var/release/<date>/release.duckdb} with
 * one table per research indicator view (same name, columns and comments; masked values NULL as the
 * views give them), {@code release_info}, {@code release_completeness} (from the lake batches and the
 * rejects files), {@code release_quality_checks} (from the checks history of every build), and a
 * {@code manifest.json} of SHA-256 checksums. The integrator replaces it by the real publish step.
 */
public final class ReleaseFixture {
    static final List<String> INDICATORS = List.of("ind_hospitalisation", "ind_involuntary_care", "ind_readmission", "ind_recovery",
            "ind_engagement", "ind_satisfaction", "ind_rights", "ind_workforce", "ind_funding", "ind_training");

    private ReleaseFixture() {
    }

    /** Writes {@code <home>/release/<date>/} from {@code <home>/warehouse/current.duckdb}, the lake and the rejects. */
    public static Path publish(Path home, LocalDate date) throws Exception {
        Path dir = home.resolve("release").resolve(date.toString());
        Files.createDirectories(dir);
        Path database = dir.resolve("release.duckdb");
        Path warehouse = home.resolve("warehouse/current.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + database + "' AS rel (STORAGE_VERSION 'v1.4.0')");
            s.execute("ATTACH '" + warehouse + "' AS w (READ_ONLY)");
            for (String view : INDICATORS) {
                s.execute("CREATE TABLE rel.main." + view + " AS SELECT * FROM w.main." + view);
                for (String[] comment : comments(s, view)) {
                    s.execute(comment[0] == null ? "COMMENT ON TABLE rel.main." + view + " IS " + quote(comment[1])
                            : "COMMENT ON COLUMN rel.main." + view + "." + comment[0] + " IS " + quote(comment[1]));
                }
            }
            String buildId;
            try (ResultSet rs = s.executeQuery("SELECT max(build_id) FROM w.main.quality_check_result")) {
                rs.next();
                buildId = rs.getString(1);
            }
            s.execute("CREATE TABLE rel.main.release_info AS SELECT DATE '" + date + "' AS release_date, '" + buildId + "' AS build_id, "
                    + "data_end AS data_up_to, CAST(built_at AS TIMESTAMP) AS built_at, 'test-fixture' AS code_version, "
                    + "'" + sqlVersion() + "' AS sql_version FROM w.main.build_info");
            s.execute("CREATE TABLE rel.main.release_quality_checks AS "
                    + "SELECT h.build_id, CASE WHEN h.build_id = '" + buildId + "' THEN (SELECT CAST(built_at AS TIMESTAMP) FROM w.main.build_info) END AS built_at, "
                    + "h.\"check\" AS check_name, h.family, h.severity, h.status, CAST(h.failing_rows AS BIGINT) AS failing_rows "
                    + "FROM read_csv('" + home.resolve("warehouse/checks/history.csv") + "', header = true, all_varchar = true) h");
            s.execute("CREATE TABLE rel.main.release_completeness AS " + completeness(home, s));
        }
        writeManifest(dir);
        return dir;
    }

    /**
     * One row per lake batch (partner, feed, dataset, period): received on time when pulled within one
     * period's length after the period ended (the next export is then due), else late; a period missing
     * between a partner's first and last export of a dataset is missing.
     */
    private static String completeness(Path home, Statement s) throws Exception {
        s.execute("CREATE TEMP TABLE rejects AS SELECT sha256, count(*) AS n FROM read_csv('" + home.resolve("rejects") + "/*/*/*/rejects.csv', "
                + "header = true, all_varchar = true) GROUP BY sha256");
        s.execute("CREATE TEMP TABLE batches AS SELECT _partner AS partner_id, _feed AS feed, "
                + "regexp_extract(filename, '/lake/([^/]+)/', 1) AS dataset, _period AS period, max(CAST(_pulled_at AS DATE)) AS received_on, "
                + "count(*) AS rows_loaded, any_value(_source_sha256) AS sha256 "
                + "FROM read_parquet('" + home.resolve("lake") + "/*/*/*/*.parquet', union_by_name = true, filename = true) GROUP BY ALL");
        // the period's end and length, from the exports' period labels: 2025, 2024-T2 or 2024T2, 2024-S1, 2025-07, 20250101
        s.execute("CREATE TEMP TABLE periods AS SELECT *, "
                + "CASE WHEN regexp_matches(period, '^\\d{4}-?T[1-4]$') THEN 3 WHEN regexp_matches(period, '^\\d{4}-?S[12]$') THEN 6 "
                + "WHEN regexp_matches(period, '^\\d{4}-\\d{2}$') THEN 1 WHEN regexp_matches(period, '^\\d{8}$') THEN 12 ELSE 12 END AS months, "
                + "CASE WHEN regexp_matches(period, '^\\d{4}-?T[1-4]$') THEN make_date(CAST(left(period, 4) AS INT), CAST(right(period, 1) AS INT) * 3 - 2, 1) "
                + "WHEN regexp_matches(period, '^\\d{4}-?S[12]$') THEN make_date(CAST(left(period, 4) AS INT), CAST(right(period, 1) AS INT) * 6 - 5, 1) "
                + "WHEN regexp_matches(period, '^\\d{4}-\\d{2}$') THEN CAST(period || '-01' AS DATE) "
                + "WHEN regexp_matches(period, '^\\d{8}$') THEN strptime(period, '%Y%m%d')::DATE "
                + "ELSE make_date(CAST(left(period, 4) AS INT), 1, 1) END AS starts_on FROM batches");
        return "WITH received AS ("
                + "  SELECT partner_id, feed, dataset, period, CASE WHEN received_on <= starts_on + 2 * to_months(months) - INTERVAL 1 DAY "
                + "    THEN 'on_time' ELSE 'late' END AS status, received_on, rows_loaded, coalesce(r.n, 0) AS rows_rejected, starts_on, months "
                + "  FROM periods LEFT JOIN rejects r USING (sha256)"
                + "), spans AS ("
                + "  SELECT partner_id, feed, dataset, any_value(months) AS months, min(starts_on) AS first_on, max(starts_on) AS last_on, "
                + "         any_value(period) AS label FROM received WHERE months IN (3, 6) GROUP BY ALL"
                + "), expected AS ("
                + "  SELECT partner_id, feed, dataset, CAST(t.d AS DATE) AS starts_on, months, label "
                + "  FROM spans, range(first_on, last_on + INTERVAL 1 DAY, to_months(months)) t(d)"
                + ") "
                + "SELECT partner_id, feed, dataset, period, status, received_on, CAST(rows_loaded AS BIGINT) AS rows_loaded, "
                + "       CAST(rows_rejected AS BIGINT) AS rows_rejected FROM received "
                + "UNION ALL "
                + "SELECT e.partner_id, e.feed, e.dataset, "
                + "       CAST(year(e.starts_on) AS VARCHAR) || CASE WHEN e.label LIKE '%-%' THEN '-' ELSE '' END "
                + "         || CASE WHEN e.months = 3 THEN 'T' || quarter(e.starts_on) WHEN e.months = 6 THEN 'S' || ((month(e.starts_on) + 5) // 6) "
                + "                 ELSE lpad(CAST(month(e.starts_on) AS VARCHAR), 2, '0') END, "
                + "       'missing', NULL, NULL, NULL "
                + "FROM expected e WHERE NOT EXISTS (SELECT 1 FROM received r WHERE r.partner_id = e.partner_id AND r.dataset = e.dataset "
                + "  AND r.starts_on = e.starts_on)";
    }

    private static List<String[]> comments(Statement s, String view) throws Exception {
        List<String[]> list = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT comment FROM duckdb_views() WHERE database_name = 'w' AND view_name = '" + view + "'")) {
            if (rs.next() && rs.getString(1) != null) {
                list.add(new String[] {null, rs.getString(1)});
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT column_name, comment FROM duckdb_columns() WHERE database_name = 'w' AND table_name = '"
                + view + "' AND comment IS NOT NULL")) {
            while (rs.next()) {
                list.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return list;
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String sqlVersion() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(Path.of("sql"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    private static void writeManifest(Path dir) throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", dir.relativize(f).toString());
                entry.put("bytes", Files.size(f));
                entry.put("sha256", sha256(f));
                files.add(entry);
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("files", files);
        Files.writeString(dir.resolve("manifest.json"), JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
