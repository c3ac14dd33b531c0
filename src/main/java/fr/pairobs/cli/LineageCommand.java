package fr.pairobs.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.audit.Lineage;
import fr.pairobs.security.LandingRetention;
import fr.pairobs.pull.LandingArea;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "lineage", mixinStandardHelpOptions = true,
        description = "Trace warehouse rows to the partner, file, checksum and line they came from, "
                + "e.g. 'pairobs lineage fct_peer_contact contact_id=C000123'.")
public final class LineageCommand implements Callable<Integer> {
    private final Workspace workspace;
    private final LandingArea landing;
    private final LandingRetention retention;

    @Parameters(index = "0", description = "warehouse table, e.g. fct_peer_contact")
    String table;

    @Parameters(index = "1", description = "column=value (or just a value of the table's first column)")
    String key;

    public LineageCommand(Workspace workspace, LandingArea landing, LandingRetention retention) {
        this.retention = requireNonNull(retention, "retention is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.landing = requireNonNull(landing, "landing is null");
    }

    @Override
    public Integer call() throws Exception {
        int eq = key.indexOf('=');
        String column = eq > 0 ? key.substring(0, eq) : firstColumn();
        String value = eq > 0 ? key.substring(eq + 1) : key;
        List<Lineage.Trace> traces = new Lineage(workspace.currentWarehouse(), landing).trace(table, column, value);
        if (traces.isEmpty()) {
            System.out.println("no row of " + table + " has " + column + " = " + value);
            return 1;
        }
        for (Lineage.Trace trace : traces) {
            System.out.println(table + ": " + trace.row());
            if (trace.file() != null) {
                System.out.printf("  from partner %s, file %s (%d bytes), sha256 %s, line %s, pulled at %s%n  evidence: %s%n",
                        trace.file().partner(), trace.file().sourceName(), trace.file().size(), trace.file().sha256(),
                        trace.row().get("source_line"), trace.file().pulledAt(), trace.file().path());
                if (!java.nio.file.Files.exists(trace.file().path())) {
                    System.out.println("  the raw file was purged at " + retention.purgedAt(trace.file().partner(), trace.file().sha256())
                            .map(Object::toString).orElse("an unrecorded time") + " (pairobs.landing.retention); its checksum and "
                            + "size above are what it held");
                }
            } else {
                System.out.println("  the landing area has no file with this checksum any more");
            }
        }
        return 0;
    }

    private String firstColumn() throws Exception {
        try (var connection = fr.pairobs.warehouse.WarehouseReader.openReadOnly(workspace.currentWarehouse());
                var statement = connection.prepareStatement(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position LIMIT 1")) {
            statement.setString(1, table);
            try (var rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no table " + table + " in the warehouse");
                }
                return rs.getString(1);
            }
        }
    }
}
