package fr.pairobs.e2e;

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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.ChildJvm;
import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.batch.RunParameters;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly job killed with SIGKILL at four points (during pull, mid-ingest, during the warehouse
 * build, just before publish), then recovered and restarted: the published warehouse ends identical
 * to an uninterrupted run's, with no row lost or doubled, and the warehouse published the night
 * before stays readable and unchanged while the killed run was under way and after it died.
 */
class CrashRecoveryTest {
    static final String MARKER = "crash-point.txt";
    static final String[] PROPERTIES = {"pairobs.ingest.chunk-size=25"};
    /** Partner whose exports arrive on the second night only, so that night has pulling and ingesting to do. */
    private static final String LATE_PARTNER = "gem-constellation";
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 1, 31);
    private static final LocalDate SECOND_NIGHT = LocalDate.of(2026, 2, 1);

    enum CrashPoint { DURING_PULL, MID_INGEST, DURING_BUILD, BEFORE_PUBLISH }

    @TempDir
    static Path root;

    private static Path keyFile;
    private static Path reference;

    @BeforeAll
    static void uninterruptedReference() throws Exception {
        keyFile = root.resolve("pseudonym.key");
        PseudonymKey.generate("crash", keyFile);
        reference = root.resolve("reference");
        firstNight(reference);
        try (ConfigurableApplicationContext context = PipelineContexts.start(reference, PROPERTIES)) {
            JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", SECOND_NIGHT, null);
            assertThat(outcome.exitCode()).as(outcome.message()).isZero();
        }
    }

    /** Demo exports without the late partner's, published on the first night; the late ones then arrive. */
    private static void firstNight(Path home) throws Exception {
        Files.createDirectories(home.resolve("secrets"));
        Files.copy(keyFile, home.resolve("secrets/pseudonym.key"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        new DemoExports().generate(home, 7, 0.1);
        Path late = home.resolve("inbox/" + LATE_PARTNER);
        Path aside = home.resolve("arriving-later");
        Files.move(late, aside);
        Files.createDirectories(late);
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, PROPERTIES)) {
            JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", FIRST_NIGHT, null);
            assertThat(outcome.exitCode()).as(outcome.message()).isZero();
        }
        Files.delete(late);
        Files.move(aside, late);
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void testKilledRunIsRecoveredAndRestartedToTheUninterruptedResult(CrashPoint point) throws Exception {
        Path home = root.resolve(point.name().toLowerCase());
        firstNight(home);
        Path current = home.resolve("warehouse/current.duckdb");
        String publishedBefore = sha256(current);
        long contactsBefore = count(current, "fct_peer_contact");
        assertThat(contactsBefore).isPositive();

        Path log = home.resolve("crash-child.log");
        Process child = ChildJvm.of(CrashChild.class, home.toString(), point.name(), SECOND_NIGHT.toString())
                .redirectOutput(log.toFile()).start();
        try {
            Path marker = home.resolve(MARKER);
            // the previous night's warehouse answers all along
            ChildJvm.awaitFile(marker, child, Duration.ofMinutes(3),
                    () -> assertThat(count(current, "fct_peer_contact")).isEqualTo(contactsBefore));
            assertThat(marker).as("crash point %s reached; child output:%n%s", point, ChildJvm.tail(log)).exists();
            assertThat(child.isAlive()).isTrue();
            assertThat(count(current, "fct_peer_contact")).isEqualTo(contactsBefore);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(sha256(current)).as("published warehouse untouched by the killed run").isEqualTo(publishedBefore);
        assertThat(count(current, "fct_peer_contact")).isEqualTo(contactsBefore);

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, PROPERTIES)) {
            JobRepository repository = context.getBean(JobRepository.class);
            JobInstance instance = repository.getJobInstance("nightly", RunParameters.of(SECOND_NIGHT, null));
            JobExecution killed = repository.getLastJobExecution(instance);
            assertThat(killed.getStatus()).as("a killed run stays STARTED").isEqualTo(BatchStatus.STARTED);
            JobRunner runner = context.getBean(JobRunner.class);
            assertThat(runner.recover(killed.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
            JobRunner.Outcome restarted = runner.restart(killed.getId());
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
        }
        assertThat(sha256(current)).isNotEqualTo(publishedBefore);
        SameData.assertSameWarehouse(current, reference.resolve("warehouse/current.duckdb"));
        try (var leftovers = Files.walk(home.resolve("warehouse"))) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().endsWith(".duckdb"))
                    .map(p -> home.resolve("warehouse").relativize(p).toString()).toList())
                    .as("no half-built warehouse left beside the published one").containsExactly("current.duckdb");
        }
    }

    private static long count(Path warehouse, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse, readOnly());
                Statement s = c.createStatement()) {
            return single(s, "SELECT count(*) FROM " + table);
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("duckdb.read_only", "true");
        return properties;
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
