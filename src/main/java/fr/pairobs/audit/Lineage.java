package fr.pairobs.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.pairobs.pull.LandedFile;
import fr.pairobs.pull.LandingArea;
import fr.pairobs.warehouse.WarehouseReader;

import static java.util.Objects.requireNonNull;

/**
 * Traces warehouse rows back to what a partner sent: every fact carries {@code partner_id},
 * {@code source_sha256} and {@code source_line}; the landing manifest gives the original file name,
 * its size and when it was pulled.
 */
public final class Lineage {
    private final Path warehouse;
    private final LandingArea landing;

    public Lineage(Path warehouse, LandingArea landing) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.landing = requireNonNull(landing, "landing is null");
    }

    public List<Trace> trace(String table, String column, String value) throws SQLException {
        if (!table.matches("[a-z_][a-z0-9_]*") || !column.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("table and column must be plain lower-case identifiers");
        }
        List<Trace> traces = new ArrayList<>();
        try (Connection connection = WarehouseReader.openReadOnly(warehouse);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT * FROM " + table + " WHERE CAST(" + column + " AS VARCHAR) = ? LIMIT 100")) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    names.add(meta.getColumnLabel(c));
                }
                if (!names.contains("source_sha256") || !names.contains("partner_id") || !names.contains("source_line")) {
                    throw new IllegalArgumentException(table + " has no lineage columns (partner_id, source_sha256, source_line)");
                }
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (String name : names) {
                        Object v = rs.getObject(name);
                        row.put(name, v == null ? null : v.toString());
                    }
                    String partner = row.get("partner_id");
                    Optional<LandedFile> file = landing.find(partner, row.get("source_sha256"));
                    traces.add(new Trace(row, file.orElse(null)));
                }
            }
        }
        return traces;
    }

    /** A warehouse row and the landed file it came from (null if the landing area no longer has it). */
    public record Trace(Map<String, String> row, LandedFile file) {
    }
}
