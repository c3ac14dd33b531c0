package fr.pairobs.warehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import fr.pairobs.quality.QualityChecks;

import static java.util.Objects.requireNonNull;

/**
 * Writes the data dictionary of a warehouse as Markdown, from what the warehouse says of itself: the
 * COMMENT ON of every table, view and column, and the checks of sql/checks with their last results.
 */
public final class DataDictionary {
    private final QualityChecks checks;

    public DataDictionary(QualityChecks checks) {
        this.checks = requireNonNull(checks, "checks is null");
    }

    public Path write(Path warehouse, Path target) {
        StringBuilder md = new StringBuilder();
        try (Connection connection = WarehouseReader.openReadOnly(warehouse); Statement s = connection.createStatement()) {
            md.append("# PairObs warehouse: data dictionary\n\n");
            try (ResultSet rs = s.executeQuery("SELECT built_at, data_end FROM build_info")) {
                if (rs.next()) {
                    md.append("Built ").append(rs.getString(1)).append("; data up to ").append(rs.getString(2)).append(".\n\n");
                }
            }
            md.append("Layers: `dim_*` dimensions, `fct_*` facts, `person_*` person-level evaluation tables, `ind_*` indicator views ")
                    .append("(statistical secrecy applied: counts of 1 to 10 people are masked). Staging views are not published.\n\n");
            section(s, md, "Indicator views", "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' "
                    + "AND view_name LIKE 'ind\\_%' ESCAPE '\\' ORDER BY view_name", true);
            section(s, md, "Tables", "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
                    + "ORDER BY CASE WHEN table_name LIKE 'dim%' THEN 1 WHEN table_name LIKE 'fct%' THEN 2 "
                    + "WHEN table_name LIKE 'person%' THEN 3 ELSE 4 END, table_name", false);
            md.append("## Quality checks\n\n| check | family | severity | threshold | failing rows | status | trend | what it checks |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            try (ResultSet rs = s.executeQuery("SELECT check_name, family, severity, threshold, failing_rows, status, trend, description "
                    + "FROM quality_check_result ORDER BY family, check_name")) {
                while (rs.next()) {
                    md.append("| ").append(rs.getString(1));
                    for (int c = 2; c <= 8; c++) {
                        md.append(" | ").append(cell(rs.getString(c)));
                    }
                    md.append(" |\n");
                }
            } catch (SQLException e) {
                md.append("| (no results: checks did not run on this file) | | | | | | | |\n");
            }
            md.append("\nCheck definitions: ").append(checks.checkFiles().size()).append(" files under `sql/checks/`.\n");
        } catch (SQLException e) {
            throw new WarehouseException("cannot read " + warehouse + " for the data dictionary: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temp, md, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WarehouseException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static void section(Statement s, StringBuilder md, String title, String objects, boolean views) throws SQLException {
        md.append("## ").append(title).append("\n\n");
        List<String[]> list = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery(objects)) {
            while (rs.next()) {
                list.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] object : list) {
            md.append("### `").append(object[0]).append("`").append(views ? " (view)" : "").append("\n\n")
                    .append(object[1] == null ? "(no comment)" : object[1]).append("\n\n| column | type | description |\n|---|---|---|\n");
            try (ResultSet rs = s.executeQuery("SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' "
                    + "AND table_name = '" + object[0].replace("'", "''") + "' ORDER BY column_index")) {
                while (rs.next()) {
                    md.append("| ").append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" | ")
                            .append(cell(rs.getString(3))).append(" |\n");
                }
            }
            md.append('\n');
        }
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
