package fr.pairobs.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.cli.SqlCommand;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An evaluator's {@code pairobs sql} tries every known way out of the published warehouse: reading
 * the key, the landing files, the lake or system files, writing files, attaching a writable
 * database, installing extensions, changing settings. Each is refused in one line and nothing under
 * the home or beside it is written; the published file keeps its checksum.
 */
class SqlSandboxTest {
    @TempDir
    static Path home;
    @TempDir
    static Path outside;
    static long contacts;
    static Path warehouse;

    @BeforeAll
    static void buildDemo() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 5, 0.1);
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 1), null).exitCode()).isZero();
        }
        contacts = demo.validRows("peer_contacts");
        warehouse = home.resolve("warehouse/current.duckdb");
    }

    private static SandboxedQuery sandbox() throws Exception {
        return SandboxedQuery.open(warehouse, Duration.ofSeconds(30), "256MB");
    }

    @Test
    void testEveryEscapeIsRefusedInOneLineAndNothingIsWritten() throws Exception {
        Path key = home.resolve("secrets/pseudonym.key");
        Path landed;
        try (Stream<Path> files = Files.walk(home.resolve("landing"))) {
            landed = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".jsonl")
                    && !f.getFileName().toString().startsWith("manifest")).findFirst().orElseThrow();
        }
        Path parquet;
        try (Stream<Path> files = Files.walk(home.resolve("lake"))) {
            parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path copy = outside.resolve("copy.duckdb");
        Files.copy(warehouse, copy);
        Map<String, String> escapes = new java.util.LinkedHashMap<>();
        escapes.put("read_text of the key", "SELECT * FROM read_text('" + key + "')");
        escapes.put("read_blob of the key in a CTE", "WITH k AS (SELECT * FROM read_blob('" + key + "')) SELECT * FROM k");
        escapes.put("read_text of the key in a subquery",
                "SELECT count(*) FROM fct_peer_contact WHERE EXISTS (SELECT * FROM read_text('" + key + "'))");
        escapes.put("read_csv of a landed file", "SELECT * FROM read_csv('" + landed + "')");
        escapes.put("read_csv of /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')");
        escapes.put("file as a table (replacement scan)", "SELECT * FROM '/etc/passwd'");
        escapes.put("read_parquet of the lake", "SELECT * FROM read_parquet('" + parquet + "')");
        escapes.put("glob of the home", "SELECT * FROM glob('" + home + "/**')");
        escapes.put("parquet_metadata of the lake", "SELECT * FROM parquet_metadata('" + parquet + "')");
        escapes.put("COPY TO a new file", "COPY (SELECT * FROM fct_peer_contact) TO '" + outside.resolve("out.csv") + "'");
        escapes.put("COPY TO the warehouse itself", "COPY fct_peer_contact TO '" + warehouse + "' (FORMAT parquet)");
        escapes.put("EXPORT DATABASE", "EXPORT DATABASE '" + outside.resolve("export") + "'");
        escapes.put("ATTACH READ_ONLY false", "ATTACH '" + copy + "' AS w (READ_ONLY false)");
        escapes.put("ATTACH then DROP in one text", "ATTACH '" + copy + "' AS w (READ_ONLY false); DROP TABLE w.fct_peer_contact");
        escapes.put("DETACH", "DETACH current");
        escapes.put("DROP TABLE", "DROP TABLE fct_peer_contact");
        escapes.put("CREATE TABLE", "CREATE TABLE x AS SELECT 1");
        escapes.put("INSERT", "INSERT INTO fct_peer_contact SELECT * FROM fct_peer_contact");
        escapes.put("UPDATE", "UPDATE fct_peer_contact SET minutes = 0");
        escapes.put("DELETE", "DELETE FROM fct_peer_contact");
        escapes.put("INSTALL httpfs", "INSTALL httpfs");
        escapes.put("LOAD httpfs", "LOAD httpfs");
        escapes.put("PRAGMA", "PRAGMA enable_profiling");
        escapes.put("PRAGMA profile output", "PRAGMA profiling_output = '" + outside.resolve("profile.json") + "'");
        escapes.put("SET external access", "SET enable_external_access = true");
        escapes.put("SET memory limit", "SET memory_limit = '100GB'");
        escapes.put("RESET", "RESET lock_configuration");
        escapes.put("CALL read_text", "CALL read_text('" + key + "')");
        escapes.put("CALL glob", "CALL glob('" + home + "/*')");
        escapes.put("SELECT then COPY", "SELECT 1; COPY (SELECT 1) TO '" + outside.resolve("out2.csv") + "'");
        escapes.put("duckdb_secrets", "SELECT * FROM duckdb_secrets()");
        escapes.put("USE", "USE memory");

        Map<String, String> before = snapshot(home);
        Map<String, String> outsideBefore = snapshot(outside);
        Map<String, String> results = new java.util.LinkedHashMap<>();
        try (SandboxedQuery sandbox = sandbox()) {
            for (Map.Entry<String, String> escape : escapes.entrySet()) {
                Throwable refusal = catchThrowable(() -> sandbox.execute(escape.getValue()).close());
                assertThat(refusal).as(escape.getKey()).isInstanceOf(QueryRefusedException.class);
                assertThat(refusal.getMessage()).as(escape.getKey()).startsWith("refused: ").doesNotContain("\n")
                        .doesNotContain(Files.readString(key).strip());
                results.put(escape.getKey(), refusal.getMessage());
            }
            // the sandbox is still usable after the refusals
            try (ResultSet rs = sandbox.execute("SELECT count(*) FROM fct_peer_contact")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(contacts);
            }
        }
        results.forEach((k, v) -> System.out.println("escape | " + k + " | " + v));
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
    void testDuckDbSettingsAloneRefuseFilesWhenTheParserCheckIsPassed() throws Exception {
        // the second line of defence: a file function that the parser check would miss meets the locked settings
        Path key = home.resolve("secrets/pseudonym.key");
        try (SandboxedQuery sandbox = sandbox()) {
            for (String sql : List.of("SELECT * FROM read_text('" + key + "')", "SELECT * FROM read_csv('/etc/passwd')",
                    "SET enable_external_access = true", "SET lock_configuration = false", "INSTALL httpfs")) {
                assertThatThrownBy(() -> sandbox.executeUnchecked(sql).close()).as(sql)
                        .hasMessageMatching("(?s).*(Permission Error|configuration has been locked|disabled).*");
            }
        }
    }

    @Test
    void testReadQueriesOfTheWarehouseRun() throws Exception {
        try (SandboxedQuery sandbox = sandbox()) {
            for (String sql : List.of("SELECT count(*) FROM fct_peer_contact", "FROM fct_peer_contact SELECT count(*)",
                    "WITH c AS (SELECT * FROM fct_peer_contact) SELECT count(*) FROM c",
                    "-- a comment\nSELECT count(*) FROM fct_peer_contact;")) {
                try (ResultSet rs = sandbox.execute(sql)) {
                    assertThat(rs.next()).as(sql).isTrue();
                    assertThat(rs.getLong(1)).as(sql).isEqualTo(contacts);
                }
            }
            try (ResultSet rs = sandbox.execute("SHOW TABLES")) {
                assertThat(rs.next()).isTrue();
            }
            try (ResultSet rs = sandbox.execute("DESCRIBE ind_engagement")) {
                assertThat(rs.next()).isTrue();
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
