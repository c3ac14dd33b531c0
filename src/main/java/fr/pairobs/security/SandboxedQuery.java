package fr.pairobs.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * An evaluator's query over a published DuckDB file (the research warehouse or an open release),
 * in a sandbox: the file is opened read-only with external access (files, network), extension
 * autoload and autoinstall and spilling to disk off, a memory limit, and the configuration locked
 * by the connection's own settings, so before any user text runs. The text must then be one read
 * query as DuckDB's own parser sees it ({@code json_serialize_sql} serializes SELECT statements
 * only), naming no function that reads files; it runs under a time limit (the statement is
 * cancelled). A refusal is a {@link QueryRefusedException} with a one-line reason.
 *
 * <p>The parser check gives a clear message; DuckDB's locked settings are what make a missed case
 * harmless (a file function that slipped through still meets "file system operations are disabled").
 */
public final class SandboxedQuery implements AutoCloseable {
    /** Table functions that read or list files, named in the refusal (they fail anyway without external access). */
    private static final Set<String> FILE_FUNCTIONS = Set.of("read_text", "read_blob", "read_csv", "read_csv_auto", "read_parquet",
            "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata",
            "parquet_bloom_probe", "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson",
            "read_ndjson_auto", "read_ndjson_objects", "glob", "sniff_csv", "read_xlsx", "st_read", "iceberg_scan",
            "delta_scan", "read_duckdb", "duckdb_extensions", "duckdb_secrets", "which_secret");

    private final Connection connection;
    private final Duration timeout;

    private SandboxedQuery(Connection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * @param database the published file
     * @param timeout longest time a query may run
     * @param memoryLimit DuckDB memory limit, e.g. {@code 1GB}
     */
    public static SandboxedQuery open(Path database, Duration timeout, String memoryLimit) throws SQLException {
        requireNonNull(database, "database is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(memoryLimit, "memoryLimit is null");
        if (!memoryLimit.matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
            throw new IllegalArgumentException("memory limit '" + memoryLimit + "' is not a size such as 512MB or 2GB");
        }
        if (!Files.isRegularFile(database)) {
            throw new QueryRefusedException("no database at " + database
                    + ": run 'pairobs run nightly' (or 'pairobs demo') first");
        }
        Properties settings = new Properties();
        settings.setProperty("duckdb.read_only", "true");
        settings.setProperty("access_mode", "READ_ONLY");
        settings.setProperty("enable_external_access", "false");
        settings.setProperty("autoload_known_extensions", "false");
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("allow_community_extensions", "false");
        settings.setProperty("allow_unsigned_extensions", "false");
        // no spill files beside the published file: a query over the memory limit fails instead
        settings.setProperty("temp_directory", "");
        settings.setProperty("memory_limit", memoryLimit);
        settings.setProperty("threads", "2");
        // applied while the database opens: no user text can run before the lock
        settings.setProperty("lock_configuration", "true");
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath(), settings);
        return new SandboxedQuery(connection, timeout);
    }

    /** Checks the text and runs it; the caller reads and closes the result set before the next query. */
    public ResultSet execute(String sql) throws SQLException {
        String query = requireNonNull(sql, "sql is null").strip().replaceFirst(";\\s*$", "");
        check(query);
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        AtomicBoolean cancelled = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pairobs-sql-timeout");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> cancel = timer.schedule(() -> {
            cancelled.set(true);
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the query ended meanwhile
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ResultSet rs = statement.executeQuery(query);
            // materialized by DuckDB's executeQuery; the timer only guards the run itself
            return rs;
        } catch (SQLException e) {
            statement.close();
            if (cancelled.get()) {
                throw new QueryRefusedException("refused: the query ran longer than the limit of " + timeout.toSeconds()
                        + " s and was cancelled (pairobs.sql.timeout)");
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (message.contains("Out of Memory")) {
                throw new QueryRefusedException("refused: the query needs more memory than the limit (pairobs.sql.memory-limit)");
            }
            if (message.contains("Permission Error")) {
                throw new QueryRefusedException("refused: the query reaches outside the published database ("
                        + firstLine(message) + ")");
            }
            throw e;
        } finally {
            cancel.cancel(false);
            timer.shutdownNow();
        }
    }

    /** Runs a text without the parser check: for tests of the settings alone. */
    ResultSet executeUnchecked(String sql) throws SQLException {
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery(sql);
    }

    /** Throws a {@link QueryRefusedException} unless the text is exactly one read query that names no file function. */
    void check(String query) throws SQLException {
        if (query.isEmpty()) {
            throw new QueryRefusedException("refused: the query is empty");
        }
        String json;
        try (PreparedStatement parse = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            parse.setString(1, query);
            try (ResultSet rs = parse.executeQuery()) {
                rs.next();
                json = rs.getString(1);
            }
        }
        JsonNode tree = JsonMapper.builder().build().readTree(json);
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asString("");
            if (type.equals("not implemented")) {
                String keyword = firstKeyword(query);
                throw new QueryRefusedException(READ_STATEMENTS.contains(keyword)
                        ? "refused: only one read query at a time, and every statement must be a read query"
                        : "refused: " + keyword + " is not a read query; only SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW and "
                                + "SUMMARIZE may run");
            }
            throw new QueryRefusedException("refused: the query does not parse: " + firstLine(tree.path("error_message").asString("")));
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw new QueryRefusedException("refused: only one read query at a time (found " + statements.size() + " statements)");
        }
        List<String> problems = new ArrayList<>();
        walk(statements.get(0), problems);
        if (!problems.isEmpty()) {
            throw new QueryRefusedException("refused: " + problems.get(0));
        }
    }

    private static final Set<String> READ_STATEMENTS = Set.of("SELECT", "FROM", "WITH", "VALUES", "DESCRIBE", "SHOW", "SUMMARIZE",
            "(", "TABLE");

    private static void walk(JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode name = node.get("function_name");
            if (name != null && name.isString() && FILE_FUNCTIONS.contains(name.asString().toLowerCase(Locale.ROOT))) {
                problems.add(name.asString() + " reads files; only the tables and views of the published database may be queried");
            }
            if ("BASE_TABLE".equals(node.path("type").asString(""))) {
                String table = node.path("table_name").asString("");
                if (table.contains("/") || table.contains("\\") || table.contains(".")) {
                    problems.add("'" + table + "' names a file; only the tables and views of the published database may be queried");
                }
            }
            for (JsonNode child : node.values()) {
                walk(child, problems);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, problems);
            }
        }
    }

    /** The statement's first keyword, after comments and parentheses, to name it in a refusal. */
    static String firstKeyword(String query) {
        String text = query.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", " ").strip();
        if (text.startsWith("(")) {
            return "(";
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return end == 0 ? "this statement" : text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
