package fr.pairobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.security.QueryFailedException;
import fr.pairobs.security.QueryRefusedException;
import fr.pairobs.security.SandboxedQuery;
import fr.pairobs.security.SqlSources;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run one read query on the published warehouse (var/warehouse/current.duckdb) or the latest open release, "
                + "in a sandbox (no file, network or extension access, time and memory limits), and print a table, CSV or JSON.")
public final class SqlCommand implements Callable<Integer> {
    private final Workspace workspace;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Parameters(index = "0", description = "the query")
        String query;

        @Option(names = {"-f", "--file"}, description = "read the query from a .sql file (not one under the home's secrets, "
                + "landing, inbox, lake, rejects or repository)")
        Path file;
    }

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--warehouse", description = "another warehouse file than the published one (a file path only, no "
            + "connection options; opened in the same sandbox)")
    Path warehouse;

    @Option(names = "--release", description = "query the latest open release (var/release/<date>/release.duckdb) instead of "
            + "the research warehouse")
    boolean release;

    private final Duration timeout;
    private final String memoryLimit;

    public SqlCommand(Workspace workspace, @Value("${pairobs.sql.timeout:PT5M}") Duration timeout,
            @Value("${pairobs.sql.memory-limit:2GB}") String memoryLimit) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.memoryLimit = requireNonNull(memoryLimit, "memoryLimit is null");
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "csv", "json").contains(format)) {
            System.err.println("unknown format '" + format + "'; use table, csv or json");
            return 2;
        }
        try {
            // -f: a .sql file outside the home's secrets, landing, inbox, lake, rejects and repository
            String query = source.file != null ? SqlSources.readQueryFile(source.file, workspace) : source.query;
            Path target;
            if (warehouse != null) {
                // a path only, never a connection string; resolved to its real path before any check
                target = SandboxedQuery.databaseFile(warehouse);
                SqlSources.refuseSensitive(target, workspace, "--warehouse");
            } else {
                target = release ? latestRelease().resolve("release.duckdb") : workspace.currentWarehouse();
            }
            // an evaluator's text runs in the sandbox: read-only, no files, no extensions, locked and
            // verified settings, allow-listed functions, limits
            try (SandboxedQuery sandbox = SandboxedQuery.open(target, timeout, memoryLimit); ResultSet rs = sandbox.execute(query)) {
                print(rs, format, System.out);
            }
        } catch (QueryRefusedException e) {
            System.err.println(e.getMessage());
            return 3;
        } catch (QueryFailedException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (SQLException e) {
            // never DuckDB's message: it quotes the query
            System.err.println("error: the query failed while its result was read (" + e.getClass().getSimpleName() + ")");
            return 1;
        }
        return 0;
    }

    static void print(ResultSet rs, String format, PrintStream out) throws Exception {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> names = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
            names.add(meta.getColumnLabel(c));
        }
        List<String[]> rows = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[n];
            Object[] typed = new Object[n];
            for (int c = 1; c <= n; c++) {
                Object v = rs.getObject(c);
                row[c - 1] = v == null ? null : v.toString();
                typed[c - 1] = v instanceof Number || v instanceof Boolean ? v : row[c - 1];
            }
            rows.add(row);
            values.add(typed);
        }
        switch (format) {
            case "csv" -> {
                try (var printer = new org.apache.commons.csv.CSVPrinter(new java.io.PrintWriter(out, true),
                        org.apache.commons.csv.CSVFormat.RFC4180)) {
                    printer.printRecord(names);
                    for (String[] row : rows) {
                        printer.printRecord((Object[]) row);
                    }
                }
            }
            case "json" -> {
                tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
                List<java.util.Map<String, Object>> list = new ArrayList<>();
                for (Object[] row : values) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    for (int c = 0; c < n; c++) {
                        m.put(names.get(c), row[c]);
                    }
                    list.add(m);
                }
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(list));
            }
            case "table" -> {
                int[] width = new int[n];
                for (int c = 0; c < n; c++) {
                    width[c] = names.get(c).length();
                    for (String[] row : rows) {
                        width[c] = Math.max(width[c], row[c] == null ? 4 : row[c].length());
                    }
                }
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < n; c++) {
                    line.append(c > 0 ? " | " : "").append(pad(names.get(c), width[c]));
                }
                out.println(line);
                out.println("-".repeat(line.length()));
                for (String[] row : rows) {
                    line.setLength(0);
                    for (int c = 0; c < n; c++) {
                        line.append(c > 0 ? " | " : "").append(pad(row[c] == null ? "NULL" : row[c], width[c]));
                    }
                    out.println(line);
                }
                out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
            }
            default -> throw new IllegalArgumentException("unknown format '" + format + "'; use table, csv or json");
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private Path latestRelease() {
        Path root = workspace.home().resolve("release");
        // the release package's own lookup: the greatest name in natural order holding a manifest
        return new fr.pairobs.release.Releases(root, 1).latest().orElseThrow(() -> new QueryRefusedException(
                "no complete open release in " + root + ": the nightly publishes one after the disclosure audit passes"));
    }
}
