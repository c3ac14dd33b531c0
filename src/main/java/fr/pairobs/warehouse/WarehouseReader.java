package fr.pairobs.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens a published warehouse the way evaluators do: read-only, so that queries cannot change it. */
public final class WarehouseReader {
    private WarehouseReader() {
    }

    public static Connection openReadOnly(Path warehouse) throws SQLException {
        if (!Files.isRegularFile(warehouse)) {
            throw new WarehouseException("no warehouse at " + warehouse + ": run 'pairobs run nightly' (or 'pairobs demo') first");
        }
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + warehouse.toAbsolutePath(), properties);
    }
}
