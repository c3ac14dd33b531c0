package fr.pairobs.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.cli.SqlCommand;
import fr.pairobs.demo.DemoExports;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * An evaluator's {@code pairobs sql} tries every known way out of the published warehouse: reading
 * the key, the landing files (with NIRs), the lake or system files, running text the check never saw
 * ({@code query}, {@code query_table}, {@code json_execute_serialized_sql}), showing the machine's
 * paths (settings, attached databases, environment), reaching DuckDB's connection options through
 * {@code --warehouse}, reading the key with {@code -f}, hiding a function in a subquery, a CTE, a
 * lateral join, a named argument or a view of a crafted database, writing files, attaching a
 * writable database, installing extensions, changing settings. Each is refused in one line, no output
 * or message holds the key or a NIR, nothing under the home or beside it is written, and the
 * published file keeps its checksum. Read queries still run.
 */
class SqlSandboxTest {
    @TempDir
    static Path home;
    @TempDir
    static Path outside;
    static long contacts;
    static Path warehouse;
    /** The pseudonymization key: hexadecimal, beginning with letters (DuckDB's lexer reads it as one identifier). */
    static String key;
    /** A second secret beginning with a letter, as the attacker used. */
    static String probe;
    static Set<String> nirs;
    static Path keyFile;
    static Path probeFile;
    static Path landed;
    static Path parquet;

    @BeforeAll
    static void buildDemo() throws Exception {
        byte[] random = new byte[28];
        new SecureRandom().nextBytes(random);
        key = "deadbeef" + HexFormat.of().formatHex(random);
        keyFile = home.resolve("secrets/pseudonym.key");
        FileModes.createOwnerOnly(keyFile, (key + "\n").getBytes(StandardCharsets.US_ASCII));
        probe = "SECRETKEYabc" + HexFormat.of().formatHex(random).substring(0, 20);
        probeFile = home.resolve("secrets/probe.key");
        FileModes.createOwnerOnly(probeFile, (probe + "\n").getBytes(StandardCharsets.US_ASCII));
        DemoExports.Result demo = new DemoExports().generate(home, 5, 0.1);
        nirs = demo.identifyingValues().stream().filter(v -> v.matches("[0-9AB]{15}")).collect(Collectors.toSet());
        assertThat(nirs).isNotEmpty();
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            JobRunner.Outcome night = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 1), null);
            assertThat(night.exitCode()).as(night.message()).isZero();
        }
        contacts = demo.validRows("peer_contacts");
        warehouse = home.resolve("warehouse/current.duckdb");
        try (Stream<Path> files = Files.walk(home.resolve("landing"))) {
            landed = files.filter(Files::isRegularFile).filter(f -> {
                try {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    return nirs.stream().anyMatch(text::contains);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        try (Stream<Path> files = Files.walk(home.resolve("lake"))) {
            parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }

    private static SandboxedQuery sandbox() throws Exception {
        return SandboxedQuery.open(warehouse, Duration.ofSeconds(30), "256MB");
    }

    /** The places of the escapes' texts: the key, a landed file with NIRs, a lake file, the home. */
    private static String fill(String template) {
        return template.replace("{key}", keyFile.toString()).replace("{probe}", probeFile.toString())
                .replace("{landed}", landed.toString()).replace("{parquet}", parquet.toString())
                .replace("{home}", home.toString()).replace("{outside}", outside.toString());
    }

    /** Neither the key (nor a good part of it), nor the probe secret, nor any NIR is in any of the texts. */
    private static void assertNoLeak(String what, String... texts) {
        for (String text : texts) {
            String t = text == null ? "" : text;
            assertThat(t).as(what).doesNotContain(key).doesNotContain(key.substring(0, 16)).doesNotContain(key.substring(40))
                    .doesNotContain(probe).doesNotContain("SECRETKEY");
            for (String nir : nirs) {
                assertThat(t).as(what + ": no NIR").doesNotContain(nir);
            }
        }
    }

    /** One sandbox for the escape cases (opening one vets the warehouse's views): a refusal leaves it usable. */
    private static SandboxedQuery shared;

    @AfterAll
    static void closeShared() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    private static void assertRefused(String what, String sql) throws Exception {
        if (shared == null) {
            shared = sandbox();
        }
        Throwable refusal = catchThrowable(() -> shared.execute(sql).close());
        assertThat(refusal).as(what).isInstanceOf(QueryRefusedException.class);
        assertThat(refusal.getMessage()).as(what).startsWith("refused: ").doesNotContain("\n");
        assertNoLeak(what, refusal.getMessage(), String.valueOf(refusal.getCause()));
    }

    static Stream<Arguments> fileReaders() {
        return Stream.of(
                arguments("read_text of the key", "SELECT * FROM read_text('{key}')"),
                arguments("read_text of the key as a scalar subquery", "SELECT (SELECT content FROM read_text('{key}'))"),
                arguments("read_blob of the key in a CTE", "WITH k AS (SELECT * FROM read_blob('{key}')) SELECT * FROM k"),
                arguments("read_text in WHERE EXISTS",
                        "SELECT count(*) FROM fct_peer_contact WHERE EXISTS (SELECT * FROM read_text('{key}'))"),
                arguments("read_text in a lateral join",
                        "SELECT * FROM fct_peer_contact c, LATERAL (SELECT content FROM read_text('{key}')) k"),
                arguments("read_text in a table function's named argument",
                        "SELECT * FROM range(3, step := (SELECT length(content) FROM read_text('{key}')))"),
                arguments("read_text in ORDER BY",
                        "SELECT minutes FROM fct_peer_contact ORDER BY (SELECT content FROM read_text('{key}'))"),
                arguments("read_text in a window", "SELECT sum(minutes) OVER (ORDER BY (SELECT content FROM read_text('{key}'))) "
                        + "FROM fct_peer_contact"),
                arguments("read_text in a lambda", "SELECT list_transform([1], lambda x: (SELECT content FROM read_text('{key}')))"),
                arguments("read_text in CASE over a view", "SELECT CASE WHEN people_active > 0 THEN (SELECT content FROM "
                        + "read_text('{key}')) END FROM ind_engagement"),
                arguments("read_text in a UNION", "SELECT 'x' UNION ALL SELECT content FROM read_text('{key}')"),
                arguments("read_text in VALUES", "SELECT * FROM (VALUES ((SELECT content FROM read_text('{key}'))))"),
                arguments("read_text behind DESCRIBE", "DESCRIBE SELECT * FROM read_text('{key}')"),
                arguments("read_text behind SUMMARIZE", "SUMMARIZE SELECT * FROM read_text('{key}')"),
                arguments("read_text behind EXPLAIN ANALYZE", "EXPLAIN ANALYZE SELECT * FROM read_text('{key}')"),
                arguments("read_text in mixed case", "SELECT * FROM ReAd_TeXt('{key}')"),
                arguments("read_text quoted in upper case", "SELECT * FROM \"READ_TEXT\"('{key}')"),
                arguments("read_text schema-qualified", "SELECT * FROM main.read_text('{key}')"),
                arguments("read_text catalog-qualified, as a scalar", "SELECT system.main.read_text('{key}')"),
                arguments("read_text as a method", "SELECT '{key}'.read_text()"),
                arguments("read_text of the probe secret", "SELECT * FROM read_text('{probe}')"),
                arguments("read_csv of a landed file", "SELECT * FROM read_csv('{landed}')"),
                arguments("read_csv_auto of a landed file with options",
                        "SELECT * FROM read_csv_auto('{landed}', delim = ';', header = true)"),
                arguments("read_csv of /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')"),
                arguments("read_json of the key", "SELECT * FROM read_json('{key}')"),
                arguments("read_parquet of the lake", "SELECT * FROM read_parquet('{parquet}')"),
                arguments("parquet_metadata of the lake", "SELECT * FROM parquet_metadata('{parquet}')"),
                arguments("glob of the home", "SELECT * FROM glob('{home}/**')"),
                arguments("glob of the key", "SELECT * FROM glob('{key}')"),
                arguments("sniff_csv of a landed file", "SELECT * FROM sniff_csv('{landed}')"),
                arguments("a landed file as a table (replacement scan)", "SELECT * FROM '{landed}'"),
                arguments("the key as a table (replacement scan)", "SELECT * FROM '{key}'"),
                arguments("iceberg_scan", "SELECT * FROM iceberg_scan('{home}/lake')"),
                arguments("read_xlsx", "SELECT * FROM read_xlsx('{landed}')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileReaders")
    void testFileReadersAreRefused(String what, String template) throws Exception {
        assertRefused(what, fill(template));
    }

    static Stream<Arguments> textRunners() {
        return Stream.of(
                arguments("query() of read_text", "SELECT * FROM query('SELECT * FROM read_text(''{key}'')')"),
                arguments("query() in a scalar subquery", "SELECT (SELECT count(*) FROM query('SELECT 1'))"),
                arguments("query() in a CTE", "WITH q AS (SELECT * FROM query('SELECT 1')) SELECT * FROM q"),
                arguments("main.query() in mixed case", "SELECT * FROM MAIN.Query('SELECT 1')"),
                arguments("query() as a scalar", "SELECT query('SELECT 1')"),
                arguments("query_table()", "SELECT * FROM query_table('fct_peer_contact')"),
                arguments("query_table() of a list", "SELECT * FROM query_table(['fct_peer_contact'])"),
                arguments("json_execute_serialized_sql() as a table function",
                        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM read_text(''{key}'')'))"),
                arguments("json_execute_serialized_sql() as a scalar", "SELECT json_execute_serialized_sql('{}')"),
                arguments("json_execute_serialized_sql() in a subquery",
                        "SELECT count(*) FROM fct_peer_contact WHERE minutes > (SELECT json_execute_serialized_sql('{}'))"),
                arguments("json_serialize_plan() of read_text", "SELECT json_serialize_plan('SELECT * FROM read_text(''{key}'')')"),
                arguments("histogram_values() (query_table inside)", "SELECT * FROM histogram_values('fct_peer_contact', minutes)"),
                arguments("sql_auto_complete() (lists files)", "SELECT * FROM sql_auto_complete('SELECT * FROM ''{home}/')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRunners")
    void testFunctionsThatRunTextAreRefused(String what, String template) throws Exception {
        assertRefused(what, fill(template));
    }

    static Stream<Arguments> machinePaths() {
        return Stream.of(
                arguments("duckdb_settings()", "SELECT * FROM duckdb_settings()"),
                arguments("main.duckdb_settings()", "SELECT * FROM main.duckdb_settings()"),
                arguments("duckdb_settings() joined to an allowed view", "SELECT * FROM information_schema.tables, duckdb_settings()"),
                arguments("duckdb_databases()", "SELECT * FROM duckdb_databases()"),
                arguments("duckdb_databases view", "SELECT path FROM duckdb_databases"),
                arguments("main.duckdb_databases view", "SELECT path FROM main.duckdb_databases"),
                arguments("system.main.duckdb_databases view", "SELECT path FROM system.main.duckdb_databases"),
                arguments("duckdb_databases behind a CTE of its name used out of scope",
                        "SELECT * FROM (WITH duckdb_databases AS (SELECT 1) SELECT * FROM duckdb_databases), duckdb_databases"),
                arguments("SUMMARIZE duckdb_databases", "SUMMARIZE duckdb_databases"),
                arguments("pragma_database_list view", "SELECT * FROM pragma_database_list"),
                arguments("pragma_database_list()", "SELECT * FROM pragma_database_list()"),
                arguments("pragma_database_size()", "SELECT * FROM pragma_database_size()"),
                arguments("pragma_storage_info()", "SELECT * FROM pragma_storage_info('fct_peer_contact')"),
                arguments("pg_catalog.pg_database", "SELECT * FROM pg_catalog.pg_database"),
                arguments("duckdb_extensions()", "SELECT * FROM duckdb_extensions()"),
                arguments("duckdb_secrets()", "SELECT * FROM duckdb_secrets()"),
                arguments("which_secret()", "SELECT * FROM which_secret('s3://bucket/x', 's3')"),
                arguments("duckdb_temporary_files()", "SELECT * FROM duckdb_temporary_files()"),
                arguments("duckdb_external_file_cache()", "SELECT * FROM duckdb_external_file_cache()"),
                arguments("getenv", "SELECT getenv('HOME')"),
                arguments("getenv in a CTE", "WITH e AS (SELECT getenv('PAIROBS_PSEUDONYM_KEY') AS k) SELECT * FROM e"),
                arguments("current_setting home_directory", "SELECT current_setting('home_directory')"),
                arguments("current_setting temp_directory", "SELECT current_setting('temp_directory')"),
                arguments("current_setting secret_directory in upper case", "SELECT CURRENT_SETTING('secret_directory')"),
                arguments("current_setting extension_directory", "SELECT current_setting('extension_directory')"),
                arguments("current_setting allowed_paths in a subquery",
                        "SELECT count(*) FROM fct_peer_contact WHERE (SELECT current_setting('allowed_paths')[1]) IS NOT NULL"),
                arguments("current_setting in a lambda", "SELECT list_transform([1], lambda x: current_setting('temp_directory'))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machinePaths")
    void testSettingsAndCatalogFunctionsThatShowPathsAreRefused(String what, String template) throws Exception {
        assertRefused(what, fill(template));
    }

    static Stream<Arguments> otherStatements() {
        return Stream.of(
                arguments("ATTACH READ_ONLY false", "ATTACH '{outside}/copy.duckdb' AS w (READ_ONLY false)"),
                arguments("ATTACH the key", "ATTACH '{key}' AS k"),
                arguments("ATTACH then DROP in one text", "ATTACH '{outside}/copy.duckdb' AS w (READ_ONLY false); "
                        + "DROP TABLE w.fct_peer_contact"),
                arguments("DETACH", "DETACH current"),
                arguments("USE", "USE memory"),
                arguments("COPY TO a new file", "COPY (SELECT * FROM fct_peer_contact) TO '{outside}/out.csv'"),
                arguments("COPY FROM the key", "COPY fct_peer_contact FROM '{key}'"),
                arguments("EXPORT DATABASE", "EXPORT DATABASE '{outside}/export'"),
                arguments("IMPORT DATABASE", "IMPORT DATABASE '{home}/landing'"),
                arguments("INSTALL", "INSTALL httpfs"),
                arguments("FORCE INSTALL", "FORCE INSTALL httpfs"),
                arguments("LOAD", "LOAD httpfs"),
                arguments("SET", "SET enable_external_access = true"),
                arguments("SET GLOBAL", "SET GLOBAL allowed_directories = ['/']"),
                arguments("SET VARIABLE", "SET VARIABLE k = 1"),
                arguments("RESET", "RESET lock_configuration"),
                arguments("PRAGMA", "PRAGMA database_list"),
                arguments("PRAGMA profile output", "PRAGMA profiling_output = '{outside}/profile.json'"),
                arguments("CALL", "CALL pragma_database_list()"),
                arguments("CALL read_text", "CALL read_text('{key}')"),
                arguments("CREATE SECRET", "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')"),
                arguments("CREATE TEMP TABLE", "CREATE TEMP TABLE t AS SELECT 1"),
                arguments("CREATE MACRO", "CREATE MACRO m() AS 1"),
                arguments("INSERT", "INSERT INTO fct_peer_contact SELECT * FROM fct_peer_contact"),
                arguments("UPDATE", "UPDATE fct_peer_contact SET minutes = 0"),
                arguments("DELETE", "DELETE FROM fct_peer_contact"),
                arguments("DROP", "DROP TABLE fct_peer_contact"),
                arguments("CHECKPOINT", "CHECKPOINT"),
                arguments("PREPARE", "PREPARE p AS SELECT 1"),
                arguments("a data-modifying CTE",
                        "WITH x AS (INSERT INTO fct_peer_contact SELECT * FROM fct_peer_contact RETURNING *) SELECT * FROM x"),
                arguments("SELECT then COPY", "SELECT 1; COPY (SELECT 1) TO '{outside}/out2.csv'"),
                arguments("SELECT then read_text", "SELECT 1; SELECT * FROM read_text('{key}')"),
                arguments("a comment then SELECT then ATTACH", "/* a query */ SELECT 1; -- then\nATTACH '{key}' AS k"),
                arguments("the key as the query", "{keytext}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherStatements")
    void testStatementsOtherThanOneReadQueryAreRefused(String what, String template) throws Exception {
        if (template.equals("{keytext}")) {
            // the key's text itself: DuckDB's own error quotes its first token; ours gives its position
            try (SandboxedQuery sandbox = sandbox()) {
                Throwable error = catchThrowable(() -> sandbox.execute(key).close());
                assertThat(error).isInstanceOf(QueryFailedException.class).hasMessage("error: syntax error at line 1, column 1");
                assertNoLeak(what, error.getMessage());
            }
            return;
        }
        assertRefused(what, fill(template));
    }

    @Test
    void testEveryEscapeIsRefusedAndNothingIsWritten() throws Exception {
        Path copy = outside.resolve("copy.duckdb");
        Files.copy(warehouse, copy);
        List<String> escapes = new ArrayList<>();
        Stream.of(fileReaders(), textRunners(), machinePaths(), otherStatements()).flatMap(s -> s)
                .map(a -> (String) a.get()[1]).filter(t -> !t.equals("{keytext}")).map(SqlSandboxTest::fill).forEach(escapes::add);
        Map<String, String> before = snapshot(home);
        Map<String, String> outsideBefore = snapshot(outside);
        try (SandboxedQuery sandbox = sandbox()) {
            for (String escape : escapes) {
                Throwable refusal = catchThrowable(() -> sandbox.execute(escape).close());
                assertThat(refusal).as(escape).isInstanceOf(QueryRefusedException.class);
            }
            // the sandbox is still usable after the refusals
            try (ResultSet rs = sandbox.execute("SELECT count(*) FROM fct_peer_contact")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(contacts);
            }
        }
        assertThat(snapshot(home)).as("files under the home, with their SHA-256").isEqualTo(before);
        assertThat(snapshot(outside)).as("files outside the home").isEqualTo(outsideBefore);
        assertThat(outside.resolve("out.csv")).doesNotExist();
        assertThat(outside.resolve("export")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM fct_peer_contact")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the attached copy still has its table").isEqualTo(contacts);
        }
    }

    @Test
    void testWarehouseOptionTakesAPathAndNeverAConnectionString() throws Exception {
        Path copy = outside.resolve("options-copy.duckdb");
        Files.copy(warehouse, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // a file whose real name holds the options, reached through an innocent-looking link
        Path tricky = Files.copy(warehouse, outside.resolve("w;enable_external_access=true"));
        Path link = Files.createSymbolicLink(outside.resolve("innocent.duckdb"), tricky);
        String read = "SELECT content FROM read_text('" + keyFile + "')";
        Map<String, String> values = new LinkedHashMap<>();
        values.put("';enable_external_access=true' options", copy + ";enable_external_access=true");
        values.put("';' options with allowed paths", copy + ";allowed_paths=['" + keyFile + "']");
        values.put("'?' options", copy + "?enable_external_access=true");
        values.put("a jdbc: URL", "jdbc:duckdb:" + copy);
        values.put("a jdbc: URL with options", "jdbc:duckdb:" + copy + ";enable_external_access=true");
        values.put(":memory:", ":memory:");
        values.put("a md: URL", "md:my_db");
        values.put("a link to a name with options", link.toString());
        values.put("the key file", keyFile.toString());
        values.put("a landed file", landed.toString());
        values.put("a folder", outside.toString());
        values.put("a file that does not exist", outside.resolve("nothing.duckdb").toString());
        for (Map.Entry<String, String> value : values.entrySet()) {
            for (String query : List.of(read, "SELECT count(*) FROM fct_peer_contact")) {
                Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse",
                        value.getValue(), query);
                assertThat(output.code()).as(value.getKey() + ": " + output.err()).isEqualTo(3);
                assertThat(output.out()).as(value.getKey()).isEmpty();
                assertThat(output.err().strip()).as(value.getKey()).doesNotContain("\n");
                assertNoLeak(value.getKey(), output.out(), output.err());
            }
        }
        // a plain path still works, and is opened in the same sandbox
        Output ok = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse", copy.toString(),
                "--format", "csv", "SELECT count(*) AS n FROM fct_peer_contact");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("n").contains(String.valueOf(contacts));
        Output refused = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse", copy.toString(),
                read);
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).startsWith("refused: function read_text is not allowed");
        assertNoLeak("read_text through --warehouse", refused.out(), refused.err());
    }

    @Test
    void testQueryFileIsASqlFileOutsideTheSecretsTheLandingAndTheInbox() throws Exception {
        Files.createDirectories(home.resolve("inbox"));
        Path keyLink = Files.createSymbolicLink(outside.resolve("key-link.sql"), keyFile);
        Path probeLink = Files.createSymbolicLink(outside.resolve("probe-link.sql"), probeFile);
        Path landedLink = Files.createSymbolicLink(outside.resolve("landed-link.sql"), landed);
        Path inSecrets = home.resolve("secrets/evaluator.sql");
        FileModes.createOwnerOnly(inSecrets, ("SELECT 1 -- " + key + "\n").getBytes(StandardCharsets.US_ASCII));
        Path inInbox = Files.writeString(home.resolve("inbox/query.sql"), "SELECT 1");
        Path inLanding = Files.writeString(home.resolve("landing/query.sql"), "SELECT 1");
        Path linkToSqlInSecrets = Files.createSymbolicLink(outside.resolve("link-to-secrets.sql"), inSecrets);
        Path linkToNonSql = Files.createSymbolicLink(outside.resolve("notes.sql"), Files.writeString(outside.resolve("notes.txt"),
                "SELECT 1"));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("the key itself", keyFile);
        files.put("the probe secret itself", probeFile);
        files.put("a landed file itself", landed);
        files.put("a .sql link to the key", keyLink);
        files.put("a .sql link to the probe secret", probeLink);
        files.put("a .sql link to a landed file", landedLink);
        files.put("a .sql file in the secrets", inSecrets);
        files.put("a .sql link to a .sql file in the secrets", linkToSqlInSecrets);
        files.put("a .sql file in the inbox", inInbox);
        files.put("a .sql file in the landing", inLanding);
        files.put("a .sql link to a file that is not .sql", linkToNonSql);
        files.put("a .sql file that does not exist", outside.resolve("nothing.sql"));
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "-f", file.getValue().toString());
            assertThat(output.code()).as(file.getKey() + ": " + output.err()).isEqualTo(3);
            assertThat(output.err()).as(file.getKey()).startsWith("refused: -f");
            assertThat(output.err().strip()).as(file.getKey()).doesNotContain("\n");
            assertNoLeak(file.getKey(), output.out(), output.err());
        }
        assertThat(run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "-f", keyFile.toString()).err())
                .contains(".sql files only");
        assertThat(run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "-f", keyLink.toString()).err())
                .contains("may not read a file under");

        // a copy of a secret in a .sql file elsewhere is read, and its failure told by position only
        for (String secret : List.of(key, probe, "SELECT * FROM fct_peer_contact\nWHERE " + probe + " " + key)) {
            Path copy = Files.writeString(Files.createTempFile(outside, "copy", ".sql"), secret + "\n");
            Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse",
                    warehouse.toString(), "-f", copy.toString());
            assertThat(output.code()).as(output.err()).isEqualTo(1);
            assertThat(output.err().strip()).matches("error: syntax error at line \\d+, column \\d+");
            assertNoLeak("a copy of a secret as a query", output.out(), output.err());
        }

        // an ordinary query file runs
        Path query = Files.writeString(outside.resolve("contacts.sql"), "-- contacts\nSELECT count(*) AS n FROM fct_peer_contact;\n");
        Output ok = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse", warehouse.toString(),
                "-f", query.toString(), "--format", "json");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"n\"").contains(String.valueOf(contacts));
    }

    @Test
    void testErrorsGiveAPositionAndNeverTheQueryText() throws Exception {
        try (SandboxedQuery sandbox = sandbox()) {
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("SELECT minutes FROM fct_peer_contact\nWHERE SECRETKEYabc123 SECRETKEYdef",
                    "error: syntax error at line 2, column 23");
            expected.put("SECRETKEYabc123", "error: syntax error at line 1, column 1");
            expected.put("SELECT SECRETKEYcolumn FROM fct_peer_contact", "error: unknown column at line 1, column 8");
            expected.put("SELECT minutes FROM fct_peer_contact\n  WHERE SECRETKEYcolumn = 1", "error: unknown column at line 2, column 9");
            expected.put("SELECT 'SECRETKEY'::INTEGER", null);
            expected.put("SELECT SECRETKEYfunction(1)", "refused: a function the sandbox does not know is not allowed");
            expected.put("SELECT * FROM SECRETKEYtable", "refused: a table name of the query is not a table or view");
            // positions are those of the text as typed, though EXPLAIN is run apart
            expected.put("EXPLAIN SELECT 1 FROM FROM", "error: syntax error at line 1, column 23");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                Throwable error = catchThrowable(() -> sandbox.execute(e.getKey()).close());
                assertThat(error).as(e.getKey()).isNotNull();
                assertThat(error.getMessage()).as(e.getKey()).doesNotContain("\n").doesNotContain("SECRETKEY");
                if (e.getValue() != null) {
                    assertThat(error.getMessage()).as(e.getKey()).startsWith(e.getValue());
                } else {
                    assertThat(error).isInstanceOf(QueryFailedException.class);
                    assertThat(error.getMessage()).startsWith("error: conversion error").contains("line 1, column");
                }
            }
        }
        Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse",
                warehouse.toString(), "SELECT *\nFROM fct_peer_contact WHERE\n  " + probe + " oops");
        assertThat(output.code()).isEqualTo(1);
        assertThat(output.err().strip()).isEqualTo("error: syntax error at line 3, column " + (3 + probe.length() + 1));
        assertNoLeak("syntax error through the command", output.out(), output.err());
    }

    @Test
    void testCraftedDatabasesAreRefusedWhenTheyOpen() throws Exception {
        Map<String, List<String>> crafted = new LinkedHashMap<>();
        crafted.put("a macro named like a built-in", List.of("CREATE TABLE t AS SELECT 1 AS x",
                "CREATE MACRO abs(x) AS current_setting('secret_directory')"));
        crafted.put("a table macro", List.of("CREATE MACRO t() AS TABLE SELECT * FROM duckdb_settings()"));
        crafted.put("a generated column", List.of("CREATE TABLE g (x INTEGER, y VARCHAR GENERATED ALWAYS AS "
                + "(current_setting('secret_directory')))", "INSERT INTO g (x) VALUES (1)"));
        crafted.put("a view of duckdb_settings()", List.of("CREATE VIEW v AS SELECT * FROM duckdb_settings()"));
        crafted.put("a view of duckdb_databases", List.of("CREATE VIEW v AS SELECT path FROM duckdb_databases"));
        crafted.put("a view of current_setting in a subquery", List.of("CREATE TABLE t AS SELECT 1 AS x",
                "CREATE VIEW \"odd AS name\" (a, \"b c\") AS SELECT x, (SELECT current_setting('home_directory')) FROM t"));
        crafted.put("a view of query()", List.of("CREATE VIEW v AS SELECT * FROM query('SELECT 42')"));
        crafted.put("a view of the key", List.of("CREATE VIEW v AS SELECT content FROM read_text('" + keyFile + "')"));
        int n = 0;
        for (Map.Entry<String, List<String>> db : crafted.entrySet()) {
            Path file = outside.resolve("crafted-" + n++ + ".duckdb");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
                for (String sql : db.getValue()) {
                    s.execute(sql);
                }
            }
            Throwable refusal = catchThrowable(() -> SandboxedQuery.open(file, Duration.ofSeconds(30), "256MB").close());
            assertThat(refusal).as(db.getKey()).isInstanceOf(QueryRefusedException.class);
            assertThat(refusal.getMessage()).as(db.getKey()).startsWith("refused: ").doesNotContain("\n");
            assertNoLeak(db.getKey(), refusal.getMessage());
            Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse", file.toString(),
                    "SELECT * FROM duckdb_tables()");
            assertThat(output.code()).as(db.getKey()).isEqualTo(3);
            assertNoLeak(db.getKey(), output.out(), output.err());
        }
        // a database of plain tables and views opens
        Path plain = outside.resolve("plain.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + plain); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT range AS x FROM range(5)");
            s.execute("CREATE VIEW \"my view\" (y) AS WITH c AS (SELECT x * 2 AS y FROM t) SELECT y FROM c");
        }
        try (SandboxedQuery sandbox = SandboxedQuery.open(plain, Duration.ofSeconds(30), "256MB");
                ResultSet rs = sandbox.execute("SELECT sum(y) FROM \"my view\"")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(20);
        }
    }

    @Test
    void testSettingsAreReadBackAndAnOpenConnectionIsRefused() throws Exception {
        try (SandboxedQuery sandbox = sandbox();
                ResultSet rs = sandbox.executeUnchecked("SELECT current_setting('enable_external_access'), "
                        + "current_setting('lock_configuration'), current_setting('access_mode'), "
                        + "len(current_setting('allowed_directories')), current_setting('temp_directory')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualToIgnoringCase("read_only");
            assertThat(rs.getLong(4)).isZero();
            assertThat(rs.getString(5)).isEmpty();
        }
        // a connection with DuckDB's defaults (external access on, unlocked) is what the read-back refuses
        Path copy = outside.resolve("defaults.duckdb");
        Files.copy(warehouse, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy.toRealPath())) {
            assertThatThrownBy(() -> SandboxedQuery.verifySettings(c, copy.toRealPath()))
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("enable_external_access")
                    .hasMessageContaining("nothing ran");
        }
        java.util.Properties lockedOnly = new java.util.Properties();
        lockedOnly.setProperty("enable_external_access", "false");
        lockedOnly.setProperty("lock_configuration", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy.toRealPath(), lockedOnly)) {
            // external access off but the spill directory allowed, read-write: refused all the same
            assertThatThrownBy(() -> SandboxedQuery.verifySettings(c, copy.toRealPath()))
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("nothing ran");
        }
    }

    @Test
    void testDuckDbSettingsAloneRefuseFilesWhenTheParserCheckIsPassed() throws Exception {
        // the second line of defence: a file function that the parser check would miss meets the locked settings
        try (SandboxedQuery sandbox = sandbox()) {
            for (String sql : List.of("SELECT * FROM read_text('" + keyFile + "')", "SELECT * FROM read_csv('/etc/passwd')",
                    "SELECT * FROM query('SELECT * FROM read_text(''" + keyFile + "'')')", "SELECT getenv('HOME')",
                    "SET enable_external_access = true", "SET lock_configuration = false", "INSTALL httpfs")) {
                Throwable error = catchThrowable(() -> sandbox.executeUnchecked(sql).close());
                assertThat(error).as(sql).isNotNull();
                assertThat(error.getMessage()).as(sql)
                        .matches("(?s).*(Permission Error|configuration has been locked|disabled|does not exist).*");
                assertNoLeak(sql, error.getMessage());
            }
        }
    }

    @Test
    void testReadQueriesOfTheWarehouseRun() throws Exception {
        try (SandboxedQuery sandbox = sandbox()) {
            for (String sql : List.of("SELECT count(*) FROM fct_peer_contact", "FROM fct_peer_contact SELECT count(*)",
                    "WITH c AS (SELECT * FROM fct_peer_contact) SELECT count(*) FROM c",
                    "-- a comment\nSELECT count(*) FROM fct_peer_contact;",
                    "/* nested /* comment */ */ select COUNT(*) from main.FCT_PEER_CONTACT",
                    "SELECT count(*) FROM \"" + SandboxedQuery.databaseFile(warehouse).getFileName().toString()
                            .replace(".duckdb", "") + "\".main.fct_peer_contact",
                    "SELECT sum(n) FROM (SELECT p.sex, count(*) AS n FROM fct_peer_contact c JOIN dim_person p USING (person_sk) "
                            + "GROUP BY ALL)",
                    "SELECT count(*) FROM (SELECT person_sk, row_number() OVER (PARTITION BY person_sk ORDER BY contact_on) AS rn, "
                            + "sum(minutes) OVER w AS total FROM fct_peer_contact WINDOW w AS (PARTITION BY person_sk))",
                    "SELECT count(*) FROM fct_peer_contact c, LATERAL (SELECT c.minutes * 2 AS m) l",
                    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                            + "SELECT count(*) * 0 + (SELECT count(*) FROM fct_peer_contact) FROM r LIMIT 1")) {
                try (ResultSet rs = sandbox.execute(sql)) {
                    assertThat(rs.next()).as(sql).isTrue();
                    assertThat(rs.getLong(1)).as(sql).isEqualTo(contacts);
                }
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            rows.put("SELECT * FROM range(3) r, generate_series(1, 2) g", 6L);
            rows.put("SELECT unnest([1, 2, 3])", 3L);
            rows.put("SELECT * FROM unnest([1, 2])", 2L);
            rows.put("SELECT median(minutes), quantile_cont(minutes, 0.9), mode(modality), string_agg(DISTINCT modality, ','), "
                    + "percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) FROM fct_peer_contact", 1L);
            rows.put("SELECT modality, count(*) FROM fct_peer_contact GROUP BY ROLLUP (modality) ORDER BY ALL", null);
            rows.put("SELECT list_transform([1, 2], lambda x: x * 2), [1, 2][1], {'a': 1}.a, 'abc' ILIKE 'A%', "
                    + "coalesce(NULL, 1), 2 ** 3, 'a' || 'b', strftime(DATE '2026-03-01', '%Y'), current_date, 'x'.upper()", 1L);
            rows.put("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(x, y) UNION ALL SELECT 3, 'c'", 3L);
            rows.put("SELECT * FROM (SELECT 1 AS a, 2 AS b) UNPIVOT (v FOR k IN (a, b))", 2L);
            rows.put("SELECT * FROM ind_engagement LIMIT 3", 3L);
            rows.put("SHOW TABLES", null);
            rows.put("SHOW ALL TABLES", null);
            rows.put("SHOW DATABASES", 1L);
            rows.put("DESCRIBE ind_engagement", null);
            rows.put("DESCRIBE SELECT 1 AS x", 1L);
            rows.put("SUMMARIZE fct_peer_contact", null);
            rows.put("EXPLAIN SELECT count(*) FROM fct_peer_contact", null);
            rows.put("SELECT table_name FROM information_schema.tables", null);
            rows.put("SELECT * FROM duckdb_tables()", null);
            for (Map.Entry<String, Long> e : rows.entrySet()) {
                long n = 0;
                try (ResultSet rs = sandbox.execute(e.getKey())) {
                    while (rs.next()) {
                        n++;
                    }
                }
                if (e.getValue() != null) {
                    assertThat(n).as(e.getKey()).isEqualTo(e.getValue());
                } else {
                    assertThat(n).as(e.getKey()).isPositive();
                }
            }
            // every view of the published warehouse passes the check and reads
            List<String> views = new ArrayList<>();
            try (ResultSet rs = sandbox.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal")) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
            assertThat(views).contains("ind_engagement");
            for (String view : views) {
                try (ResultSet rs = sandbox.execute("SELECT count(*) FROM \"" + view + "\"")) {
                    assertThat(rs.next()).as(view).isTrue();
                }
            }
        }
    }

    @Test
    void testAllowedCatalogViewsShowNoPathOfTheMachine() throws Exception {
        List<String> forbidden = new ArrayList<>(List.of(home.toString(), outside.toString(), "stored_secrets",
                ".duckdb/extensions", "/etc/"));
        String userHome = System.getProperty("user.home");
        if (userHome != null && userHome.length() > 1) {
            forbidden.add(userHome + "/");
        }
        try (SandboxedQuery sandbox = sandbox()) {
            for (String sql : List.of("SHOW TABLES", "SHOW ALL TABLES", "SHOW DATABASES", "DESCRIBE fct_peer_contact",
                    "SELECT * FROM duckdb_tables()", "SELECT * FROM duckdb_views()", "SELECT * FROM duckdb_columns()",
                    "SELECT * FROM duckdb_schemas()", "SELECT * FROM duckdb_constraints()", "SELECT * FROM duckdb_indexes()",
                    "SELECT * FROM duckdb_types()", "SELECT * FROM duckdb_keywords()", "SELECT * FROM duckdb_functions()",
                    "SELECT * FROM duckdb_tables", "SELECT * FROM duckdb_views", "SELECT * FROM duckdb_columns",
                    "SELECT * FROM duckdb_schemas", "SELECT * FROM duckdb_constraints", "SELECT * FROM duckdb_indexes",
                    "SELECT * FROM duckdb_types", "SELECT * FROM information_schema.tables",
                    "SELECT * FROM information_schema.columns", "SELECT * FROM information_schema.schemata",
                    "SELECT * FROM information_schema.views", "SELECT * FROM information_schema.table_constraints",
                    "SELECT * FROM information_schema.key_column_usage", "SELECT * FROM information_schema.referential_constraints",
                    "SELECT * FROM information_schema.check_constraints",
                    "SELECT * FROM information_schema.constraint_column_usage",
                    "SELECT * FROM information_schema.constraint_table_usage", "SELECT * FROM information_schema.character_sets",
                    "SELECT * FROM pragma_table_info('fct_peer_contact')", "SELECT * FROM pragma_show('fct_peer_contact')",
                    "SELECT version(), current_database(), current_schema(), current_schemas(true), current_query()",
                    "EXPLAIN ANALYZE SELECT count(*) FROM fct_peer_contact")) {
                StringBuilder all = new StringBuilder();
                try (ResultSet rs = sandbox.execute(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= n; c++) {
                            all.append(rs.getString(c)).append('|');
                        }
                    }
                }
                for (String path : forbidden) {
                    assertThat(all.toString()).as(sql).doesNotContain(path);
                }
                assertNoLeak(sql, all.toString());
            }
        }
    }

    @Test
    void testAQueryOverTheTimeLimitIsCancelled() throws Exception {
        try (SandboxedQuery sandbox = SandboxedQuery.open(warehouse, Duration.ofMillis(500), "256MB")) {
            assertThatThrownBy(() -> sandbox.execute(
                    "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = 7").close())
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("longer than the limit");
            try (ResultSet rs = sandbox.execute("SELECT 42")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void testAQueryOverTheMemoryLimitIsRefused() throws Exception {
        try (SandboxedQuery sandbox = SandboxedQuery.open(warehouse, Duration.ofMinutes(1), "64MB")) {
            assertThatThrownBy(() -> sandbox.execute(
                    "SELECT count(DISTINCT range::VARCHAR || repeat('x', 40)) FROM range(20000000)").close())
                    .isInstanceOf(QueryRefusedException.class).hasMessageContaining("more memory than the limit");
        }
        assertThat(Files.exists(Path.of(warehouse + ".tmp"))).as("no spill directory beside the warehouse").isFalse();
    }

    @Test
    void testSqlCommandPrintsTablesCsvAndJson() throws Exception {
        for (String format : List.of("table", "csv", "json")) {
            Output output = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse",
                    warehouse.toString(), "--format", format, "SELECT count(*) AS contacts FROM fct_peer_contact");
            assertThat(output.code()).as(format + ": " + output.err()).isZero();
            assertThat(output.out()).as(format).contains("contacts").contains(String.valueOf(contacts));
        }
        Output table = run(new SqlCommand(new Workspace(home), Duration.ofSeconds(30), "256MB"), "--warehouse", warehouse.toString(),
                "SELECT * FROM range(2) r(n)");
        assertThat(table.out()).isEqualTo("n\n-\n0\n1\n(2 rows)\n");
    }

    @Test
    void testSqlCommandQueriesTheLatestReleaseAndPrintsARefusalInOneLine() throws Exception {
        Path root = outside.resolve("rel-home");
        Path releases = root.resolve("release");
        for (String name : List.of("2026-03-01", "2026-03-01.9", "2026-03-01.10", "2026-03-02")) {
            Path dir = Files.createDirectories(releases.resolve(name));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("release.duckdb"));
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE release_info AS SELECT '" + name + "' AS build_id");
            }
            if (!name.equals("2026-03-02")) {
                // a release being made has no manifest yet
                Files.writeString(dir.resolve("manifest.json"), "{}");
            }
        }
        SqlCommand command = new SqlCommand(new Workspace(root), Duration.ofSeconds(30), "256MB");
        Output ok = run(command, "--release", "--format", "csv", "SELECT build_id FROM release_info");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("2026-03-01.10").doesNotContain("2026-03-02");

        Output refused = run(new SqlCommand(new Workspace(root), Duration.ofSeconds(30), "256MB"), "--release",
                "COPY release_info TO '" + outside.resolve("leak.csv") + "'");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err().strip()).startsWith("refused: COPY").doesNotContain("\n");
        assertThat(outside.resolve("leak.csv")).doesNotExist();

        Output paths = run(new SqlCommand(new Workspace(root), Duration.ofSeconds(30), "256MB"), "--release",
                "SELECT path FROM duckdb_databases()");
        assertThat(paths.code()).isEqualTo(3);
        assertThat(paths.out()).isEmpty();
        assertThat(paths.err()).doesNotContain(root.toString());
    }

    private record Output(int code, String out, String err) {
    }

    private static Output run(SqlCommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(command).execute(args);
            return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(root.relativize(p).toString(), sha256(p));
                } else if (Files.isDirectory(p)) {
                    files.put(root.relativize(p) + "/", "dir");
                }
            }
        }
        return files;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
