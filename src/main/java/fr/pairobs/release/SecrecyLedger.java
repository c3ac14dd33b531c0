package fr.pairobs.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import fr.pairobs.warehouse.WarehouseBuilder;

/**
 * The observatory's own record of what each release hid: the cells before secrecy ({@code ind_cell}) with the mask the
 * release was published with, one Parquet file per build under {@code var/warehouse/secrecy/}, beside the research
 * warehouse (same readers, same sensitivity) and never in a release. The next night reads the record of the last
 * published release, so that its protection carries the earlier pattern forward and its audit solves both releases
 * together; {@code release verify} reads the record the release was made against.
 */
public final class SecrecyLedger {
    private final Path dir;

    public SecrecyLedger(Path dir) {
        this.dir = dir;
    }

    public Path file(String buildId) {
        return dir.resolve("build-" + buildId.replaceAll("[^A-Za-z0-9._-]", "_") + ".parquet");
    }

    /** Writes the cells of the attached warehouse {@code w} with the release's mask (temp table release_mask) into a file. */
    static void write(Connection connection, Path file, Suppression.Result protection, Cells cells) throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT i.indicator, i.level, i.structure_id, i.structure_name, i.departement, i.year, i.breakdown, "
                    + "i.measure, i.value, i.kind, m.is_masked FROM w.ind_cell i JOIN release_mask m ON m.indicator = i.indicator "
                    + "AND m.level = i.level AND m.structure_id IS NOT DISTINCT FROM i.structure_id AND m.departement = coalesce(i.departement, '') "
                    + "AND m.year IS NOT DISTINCT FROM i.year AND m.breakdown = coalesce(i.breakdown, '') ORDER BY ALL) TO '"
                    + WarehouseBuilder.sqlPath(temporary) + "' (FORMAT parquet)");
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The last release as the next night's protection sees it: its masks from its own tables (public), its true cells
     * from the ledger of its build when kept.
     */
    public Optional<PreviousRelease> previous(Path release) {
        if (release == null || !Files.isDirectory(release)) {
            return Optional.empty();
        }
        return Optional.of(previous(release.getFileName().toString(), Manifest.read(release).params().buildId(), release));
    }

    /**
     * A release by name and build: from its ledger when kept (which holds its masks too, so that a release pruned since
     * can still be protected against), else from its directory's disclosure_audit.csv.
     */
    public PreviousRelease previous(String name, String buildId, Path release) {
        Path file = file(buildId);
        Set<CellKey> masked = new HashSet<>();
        Cells truth = null;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            if (Files.isRegularFile(file)) {
                String from = "read_parquet('" + WarehouseBuilder.sqlPath(file) + "')";
                truth = Cells.read(connection, from);
                try (ResultSet rs = statement.executeQuery("SELECT DISTINCT indicator, level, structure_id, departement, year, breakdown FROM "
                        + from + " WHERE is_masked")) {
                    while (rs.next()) {
                        masked.add(key(rs));
                    }
                }
            } else if (release != null && Files.isDirectory(release)) {
                // no ledger: the masks are read back from the release's own audit file (every masked cell is listed)
                masked.addAll(maskedFromTables(statement, release));
            } else {
                throw new ReleaseException("release " + name + " (build " + buildId + ") is neither kept nor recorded in " + dir);
            }
        } catch (SQLException e) {
            throw new ReleaseException("cannot read the secrecy ledger of release " + name + ": " + e.getMessage(), e);
        }
        return new PreviousRelease(name, buildId, truth, masked);
    }

    private static CellKey key(ResultSet rs) throws SQLException {
        Integer year = rs.getObject(5) == null ? null : ((Number) rs.getObject(5)).intValue();
        return new CellKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), year, rs.getString(6));
    }

    /** The masked cells a release lists in its disclosure_audit.csv (every masked cell is listed there, with no value). */
    private static Set<CellKey> maskedFromTables(Statement statement, Path release) throws SQLException {
        Set<CellKey> masked = new HashSet<>();
        Path audit = release.resolve("disclosure_audit.csv");
        if (!Files.isRegularFile(audit)) {
            return masked;
        }
        try (ResultSet rs = statement.executeQuery("SELECT DISTINCT indicator, level, nullif(structure_id, ''), coalesce(departement, ''), "
                + "TRY_CAST(year AS INTEGER), coalesce(breakdown, '') FROM read_csv('" + WarehouseBuilder.sqlPath(audit)
                + "', header = true, all_varchar = true)")) {
            while (rs.next()) {
                masked.add(key(rs));
            }
        }
        return masked;
    }

    /** Removes the records of builds no kept release was made from (the staged one kept too). */
    public void prune(Set<String> keepBuilds) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> keep = new HashSet<>();
        keepBuilds.forEach(b -> keep.add(file(b).getFileName().toString()));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!keep.contains(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + dir, e);
        }
    }

    List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
