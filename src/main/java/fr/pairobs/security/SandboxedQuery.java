package fr.pairobs.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * An evaluator's query over a published DuckDB file (the research warehouse or an open release), in
 * a sandbox that fails closed at every step:
 * <ol>
 * <li>the database is a path, never a connection string: a value with {@code ;}, {@code ?}, {@code =}
 * or a {@code scheme:} prefix is refused, the file must exist and be a DuckDB file, and the JDBC URL is
 * built from its real path alone, so no user text reaches DuckDB's connection options;</li>
 * <li>it is opened read-only, with external access (files, network) off, no allowed directory or
 * path, no extension autoload, autoinstall or community extensions, no spill directory, no persistent
 * secrets, a memory limit, and the configuration locked, all as connection properties, so before any
 * user text runs;</li>
 * <li>those settings are then read back, and the sandbox refuses to run anything unless they hold
 * (an instance that another connection of the process opened with other settings, a DuckDB version
 * that ignores one, or a setting that cannot be read is a refusal);</li>
 * <li>the database itself is vetted: no macros of its own (a macro named like a built-in would be
 * called instead of it), no generated columns (computed at every read), and every view passes the
 * same check as a query (a view runs its text when read);</li>
 * <li>the text must be one read query as DuckDB's parser sees it ({@code json_serialize_sql}), every
 * node of which passes {@link SqlTreeCheck}: functions, table functions and catalog views from
 * {@link SqlAllowList}, tables and views of the database;</li>
 * <li>it runs under a time limit (the statement is cancelled).</li>
 * </ol>
 * A refusal is a {@link QueryRefusedException}, a failed query a {@link QueryFailedException}, both in
 * one line that never quotes the query or a file: a line and column, and a generic reason.
 */
public final class SandboxedQuery implements AutoCloseable {
    /** The files DuckDB itself allows beside the database when external access is off (its WAL). */
    private static final List<String> OWN_FILE_SUFFIXES = List.of("", ".wal", ".wal.recovery", ".wal.checkpoint");
    /** "DUCK" at offset 8, after the header's checksum. */
    private static final byte[] MAGIC = {'D', 'U', 'C', 'K'};
    private static final Pattern IDENTIFIER = Pattern.compile("(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)");
    /** DuckDB's own text of a view: CREATE VIEW name [(columns)] AS query. */
    private static final Pattern VIEW_SQL = Pattern.compile("(?s)CREATE VIEW " + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*"
            + "(?: ?\\(" + IDENTIFIER + "(?:, ?" + IDENTIFIER + ")*\\))? AS (.*)");
    private static final Set<String> READ_KEYWORDS = Set.of("SELECT", "FROM", "WITH", "VALUES", "DESCRIBE", "SHOW", "SUMMARIZE",
            "TABLE", "EXPLAIN");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Connection connection;
    private final Duration timeout;
    private final SqlTreeCheck.Catalog catalog;

    private SandboxedQuery(Connection connection, Duration timeout, SqlTreeCheck.Catalog catalog) {
        this.connection = connection;
        this.timeout = timeout;
        this.catalog = catalog;
    }

    /**
     * @param database the published file (a path; see {@link #databaseFile(Path)})
     * @param timeout longest time a query may run
     * @param memoryLimit DuckDB memory limit, e.g. {@code 1GB}
     * @throws QueryRefusedException when the path, the settings read back or the database's own
     *         views and macros are not what the sandbox needs
     */
    public static SandboxedQuery open(Path database, Duration timeout, String memoryLimit) throws SQLException {
        requireNonNull(database, "database is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(memoryLimit, "memoryLimit is null");
        if (!memoryLimit.matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
            throw new IllegalArgumentException("memory limit '" + memoryLimit + "' is not a size such as 512MB or 2GB");
        }
        Path file = databaseFile(database);
        Properties settings = new Properties();
        settings.setProperty("duckdb.read_only", "true");
        settings.setProperty("access_mode", "READ_ONLY");
        settings.setProperty("enable_external_access", "false");
        // DuckDB adds the database's own file and WAL to allowed_paths; nothing else may be allowed
        settings.setProperty("allowed_directories", "[]");
        settings.setProperty("allowed_paths", "[]");
        settings.setProperty("autoload_known_extensions", "false");
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("allow_community_extensions", "false");
        settings.setProperty("allow_unsigned_extensions", "false");
        settings.setProperty("allow_persistent_secrets", "false");
        // no spill files beside the published file (a query over the memory limit fails instead), and
        // no temp directory in allowed_directories
        settings.setProperty("temp_directory", "");
        settings.setProperty("memory_limit", memoryLimit);
        settings.setProperty("threads", "2");
        // an instance of our own: a cached instance of the same file (opened by the pipeline in this
        // process) would come with its settings, not these
        settings.setProperty("jdbc_instance_cache", "false");
        // the result is complete when executeQuery returns, so the time limit covers all the work
        settings.setProperty("jdbc_stream_results", "false");
        // applied while the database opens: no user text can run before the lock
        settings.setProperty("lock_configuration", "true");
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + file, settings);
        } catch (SQLException e) {
            // DuckDB's message may quote the file; a lock held by a writer is the usual cause
            throw new QueryFailedException("error: DuckDB cannot open " + file + " read-only in the sandbox (is it being "
                    + "written, or damaged?)");
        }
        try {
            verifySettings(connection, file);
            SqlTreeCheck.Catalog catalog = vet(connection, file);
            return new SandboxedQuery(connection, timeout, catalog);
        } catch (RuntimeException | SQLException e) {
            connection.close();
            if (e instanceof QueryRefusedException refused) {
                throw refused;
            }
            // fail closed: a state that cannot be read is a refusal
            throw new QueryRefusedException("refused: the sandbox could not confirm its settings on " + file
                    + " (" + e.getClass().getSimpleName() + "); nothing ran");
        }
    }

    /**
     * The real path of a database given on the command line, checked to be a plain path to a DuckDB
     * file: no {@code ;} (DuckDB JDBC's option separator: {@code ;enable_external_access=true}), no
     * {@code ?} or {@code =} options, no {@code jdbc:}, {@code md:}, {@code s3:} or other scheme, no
     * {@code :memory:}, and an existing regular file whose header says DuckDB. The real path is checked
     * again, since a symbolic link could point at a name with those characters.
     */
    public static Path databaseFile(Path database) {
        requireNonNull(database, "database is null");
        String given = database.toString();
        refuseConnectionText(given);
        if (!Files.isRegularFile(database)) {
            throw new QueryRefusedException("no database at " + database + ": run 'pairobs run nightly' (or 'pairobs demo') first");
        }
        Path real;
        try {
            real = database.toRealPath();
        } catch (IOException e) {
            throw new QueryRefusedException("refused: cannot resolve the database path " + database);
        }
        refuseConnectionText(real.toString());
        byte[] header = new byte[12];
        int read = 0;
        try (InputStream in = Files.newInputStream(real)) {
            for (int n = 0; n >= 0 && read < header.length; n = in.read(header, read, header.length - read)) {
                read += n;
            }
        } catch (IOException e) {
            throw new QueryRefusedException("refused: cannot read " + database + " (" + e.getClass().getSimpleName() + ")");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (read < 12 || header[8 + i] != MAGIC[i]) {
                // nothing of the file is printed: it may be any file the command can read
                throw new QueryRefusedException("refused: " + database + " is not a DuckDB database file");
            }
        }
        return real;
    }

    private static void refuseConnectionText(String path) {
        boolean options = path.indexOf(';') >= 0 || path.indexOf('?') >= 0 || path.indexOf('=') >= 0;
        boolean control = path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        boolean scheme = path.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*") || path.startsWith(":");
        if (path.isEmpty() || options || control || scheme) {
            throw new QueryRefusedException("refused: the database must be given as a file path, without ';', '?' or '=' "
                    + "options and without a 'jdbc:' or other URL prefix");
        }
    }

    /** Reads the sandbox's settings back from DuckDB; anything but the expected values is a refusal. */
    static void verifySettings(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('enable_external_access'), "
                        + "current_setting('lock_configuration'), current_setting('access_mode'), "
                        + "current_setting('allowed_directories'), current_setting('allowed_paths'), "
                        + "current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions'), "
                        + "current_setting('allow_community_extensions'), current_setting('allow_unsigned_extensions'), "
                        + "current_setting('allow_persistent_secrets'), current_setting('temp_directory')")) {
            if (!rs.next()) {
                throw unsafe("the settings", "no value");
            }
            requireFalse(rs, 1, "enable_external_access");
            if (!Boolean.TRUE.equals(rs.getObject(2))) {
                throw unsafe("lock_configuration", "not true");
            }
            if (!"read_only".equalsIgnoreCase(String.valueOf(rs.getObject(3)))) {
                throw unsafe("access_mode", "not read_only");
            }
            if (!list(rs.getObject(4)).isEmpty()) {
                throw unsafe("allowed_directories", "not empty");
            }
            Set<String> own = new HashSet<>();
            for (String suffix : OWN_FILE_SUFFIXES) {
                own.add(file + suffix);
            }
            for (String allowed : list(rs.getObject(5))) {
                if (!own.contains(allowed)) {
                    throw unsafe("allowed_paths", "holds a path other than the database's own files");
                }
            }
            requireFalse(rs, 6, "autoload_known_extensions");
            requireFalse(rs, 7, "autoinstall_known_extensions");
            requireFalse(rs, 8, "allow_community_extensions");
            requireFalse(rs, 9, "allow_unsigned_extensions");
            requireFalse(rs, 10, "allow_persistent_secrets");
            if (!"".equals(rs.getObject(11))) {
                throw unsafe("temp_directory", "not empty");
            }
        }
    }

    private static void requireFalse(ResultSet rs, int column, String setting) throws SQLException {
        if (!Boolean.FALSE.equals(rs.getObject(column))) {
            throw unsafe(setting, "not false");
        }
    }

    private static List<String> list(Object value) throws SQLException {
        if (!(value instanceof Array array)) {
            throw unsafe("a list setting", "not a list");
        }
        List<String> items = new ArrayList<>();
        for (Object item : (Object[]) array.getArray()) {
            items.add(String.valueOf(item));
        }
        return items;
    }

    private static QueryRefusedException unsafe(String setting, String state) {
        return new QueryRefusedException("refused: the sandbox is not closed (" + setting + " is " + state
                + " after opening the database); nothing ran");
    }

    /** Checks what the database brings of its own (attachments, macros, generated columns, views) and gathers its names. */
    private static SqlTreeCheck.Catalog vet(Connection connection, Path file) throws SQLException {
        String database;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT database_name, path, readonly FROM duckdb_databases() "
                        + "WHERE NOT internal")) {
            if (!rs.next() || !file.toString().equals(rs.getString(2)) || !rs.getBoolean(3)) {
                throw new QueryRefusedException("refused: the sandbox's connection does not see the database alone and "
                        + "read-only; nothing ran");
            }
            database = rs.getString(1);
            if (rs.next()) {
                throw new QueryRefusedException("refused: the sandbox's connection sees another database; nothing ran");
            }
        }
        if (count(connection, "SELECT count(*) FROM duckdb_functions() WHERE NOT internal OR database_name <> 'system'") > 0) {
            throw new QueryRefusedException("refused: " + file + " defines macros of its own, which the sandbox does not "
                    + "run (one named like a built-in function would run instead of it)");
        }
        Set<String> objects = new HashSet<>();
        Set<String> systemNames = new HashSet<>();
        Set<String> functions = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM duckdb_columns() "
                + "WHERE database_name = ? AND is_generated")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || rs.getLong(1) > 0) {
                    throw new QueryRefusedException("refused: " + file + " has generated columns, which compute an "
                            + "expression at every read; the sandbox does not read them");
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT schema_name, table_name FROM duckdb_tables() "
                + "WHERE database_name = ? UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
                + "WHERE database_name = ? AND NOT internal")) {
            statement.setString(1, database);
            statement.setString(2, database);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    objects.add(lower(rs.getString(1)) + "." + lower(rs.getString(2)));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_name FROM duckdb_tables() "
                + "WHERE database_name <> ? UNION SELECT view_name FROM duckdb_views() WHERE database_name <> ? OR internal");
                PreparedStatement names = connection.prepareStatement("SELECT DISTINCT function_name FROM duckdb_functions()")) {
            statement.setString(1, database);
            statement.setString(2, database);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    systemNames.add(lower(rs.getString(1)));
                }
            }
            try (ResultSet rs = names.executeQuery()) {
                while (rs.next()) {
                    functions.add(lower(rs.getString(1)));
                }
            }
        }
        SqlTreeCheck.Catalog catalog = new SqlTreeCheck.Catalog(database, objects, systemNames, functions);
        try (PreparedStatement statement = connection.prepareStatement("SELECT view_name, sql FROM duckdb_views() "
                + "WHERE database_name = ? AND NOT internal ORDER BY ALL")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    vetView(connection, catalog, file, rs.getString(1), rs.getString(2));
                }
            }
        }
        return catalog;
    }

    /** A view's query runs when the view is read: it must pass the same check as an evaluator's query. */
    private static void vetView(Connection connection, SqlTreeCheck.Catalog catalog, Path file, String name, String sql)
            throws SQLException {
        String view = SqlText.printable(name) ? "view " + name : "a view";
        Matcher m = VIEW_SQL.matcher(sql == null ? "" : sql);
        if (!m.matches()) {
            throw new QueryRefusedException("refused: " + view + " of " + file + " has a definition the sandbox cannot check");
        }
        JsonNode tree = serialize(connection, m.group(1));
        JsonNode statements = tree.path("statements");
        if (tree.path("error").asBoolean(true) || statements.size() != 1) {
            throw new QueryRefusedException("refused: " + view + " of " + file + " is not one read query");
        }
        Optional<SqlTreeCheck.Problem> problem = SqlTreeCheck.check(statements.get(0), catalog);
        if (problem.isPresent()) {
            throw new QueryRefusedException("refused: " + view + " of " + file + " is not allowed: " + problem.get().reason());
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no count");
            }
            return rs.getLong(1);
        }
    }

    /**
     * Checks the text and runs it; the caller reads and closes the result set before the next query.
     *
     * @throws QueryRefusedException the text is not one allowed read query (or ran over a limit)
     * @throws QueryFailedException DuckDB could not run it (syntax error, unknown column, ...)
     */
    public ResultSet execute(String sql) throws SQLException {
        requireNonNull(sql, "sql is null");
        // EXPLAIN [ANALYZE] is not serialized by json_serialize_sql: its keywords are blanked out (so
        // that positions stay those of the text), the rest is checked, and exactly that is run after
        // "EXPLAIN "; nothing unchecked runs
        StringBuilder text = new StringBuilder(sql);
        String prefix = "";
        int start = SqlText.firstToken(sql);
        if (SqlText.wordAt(sql, start).equals("EXPLAIN")) {
            blank(text, start, start + "EXPLAIN".length());
            prefix = "EXPLAIN ";
            int next = SqlText.firstToken(text.toString());
            if (SqlText.wordAt(text.toString(), next).equals("ANALYZE")) {
                blank(text, next, next + "ANALYZE".length());
                prefix = "EXPLAIN ANALYZE ";
            }
        }
        String checked = text.toString();
        check(checked);
        String executed = prefix + checked;
        String explain = prefix;
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
            // materialized by DuckDB's executeQuery (jdbc_stream_results false); the timer guards the run itself
            return statement.executeQuery(executed);
        } catch (SQLException e) {
            statement.close();
            if (cancelled.get()) {
                throw new QueryRefusedException("refused: the query ran longer than the limit of " + timeout.toSeconds()
                        + " s and was cancelled (pairobs.sql.timeout)");
            }
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Out of Memory")) {
                throw new QueryRefusedException("refused: the query needs more memory than the limit (pairobs.sql.memory-limit)");
            }
            int shift = explain.length();
            Optional<String> where = SqlErrors.locate(message, executed)
                    .flatMap(at -> at >= shift ? SqlText.positionOfChar(sql, at - shift) : Optional.empty());
            if (message.contains("Permission Error")) {
                // DuckDB's message names the file; the refusal does not
                throw new QueryRefusedException("refused: the query reaches outside the published database"
                        + where.map(w -> " (" + w + ")").orElse(""));
            }
            throw new QueryFailedException("error: " + SqlErrors.describe(message, executed, explain.length(), sql));
        } finally {
            cancel.cancel(false);
            timer.shutdownNow();
        }
    }

    private static void blank(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            text.setCharAt(i, ' ');
        }
    }

    /** Runs a text without the parser check: for tests of the settings alone. */
    ResultSet executeUnchecked(String sql) throws SQLException {
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery(sql);
    }

    /** Throws a {@link QueryRefusedException} unless the text is exactly one read query that {@link SqlTreeCheck} allows. */
    void check(String query) throws SQLException {
        if (query.isBlank()) {
            throw new QueryRefusedException("refused: the query is empty");
        }
        JsonNode tree = serialize(connection, query);
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asString("");
            if (type.equals("not implemented")) {
                String keyword = SqlText.statementKeyword(query);
                if (keyword.equals("PIVOT") || keyword.equals("UNPIVOT")) {
                    throw new QueryRefusedException("refused: the " + keyword + " statement cannot be checked; write it as "
                            + "SELECT ... FROM table " + keyword + " (...)");
                }
                throw new QueryRefusedException(READ_KEYWORDS.contains(keyword)
                        ? "refused: only one read query at a time, and every statement must be a read query"
                        : "refused: " + keyword + " is not a read query; only SELECT, FROM, WITH, VALUES, DESCRIBE, SHOW, "
                                + "SUMMARIZE and EXPLAIN may run");
            }
            if (type.equals("parser")) {
                long position = parseLong(tree.path("position").asString(""));
                throw new QueryFailedException("error: syntax error"
                        + SqlText.position(query, position).map(w -> " at " + w).orElse(""));
            }
            throw new QueryFailedException("error: the query does not parse");
        }
        JsonNode statements = tree.path("statements");
        if (statements.isEmpty()) {
            throw new QueryRefusedException("refused: the query is empty");
        }
        if (statements.size() != 1) {
            throw new QueryRefusedException("refused: only one read query at a time (found " + statements.size() + " statements)");
        }
        Optional<SqlTreeCheck.Problem> problem = SqlTreeCheck.check(statements.get(0), catalog);
        if (problem.isPresent()) {
            throw new QueryRefusedException("refused: " + problem.get().reason()
                    + SqlText.position(query, problem.get().location()).map(w -> " (" + w + ")").orElse(""));
        }
    }

    /** DuckDB's parse tree of a text, as JSON; the text is a parameter, never part of a statement. */
    private static JsonNode serialize(Connection connection, String query) throws SQLException {
        String json;
        try (PreparedStatement parse = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            parse.setString(1, query);
            try (ResultSet rs = parse.executeQuery()) {
                if (!rs.next()) {
                    throw new QueryRefusedException("refused: the query could not be checked");
                }
                json = rs.getString(1);
            }
        }
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            // e.g. nested deeper than the JSON reader's limit
            throw new QueryRefusedException("refused: the query is too deeply nested to be checked");
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
