package fr.pairobs.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.ops.FailureNotifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failure command sees only PATH and the event; the job repository needs a password kept as a secret. */
class SecretsOutOfReachTest {
    @TempDir
    Path home;

    @Test
    void testTheNotificationCommandSeesOnlyPathAndTheEvent() throws Exception {
        // this test's own environment stands for the key and passwords: HOME, USER, JAVA_HOME... must not pass
        assertThat(System.getenv()).containsKey("PATH").hasSizeGreaterThan(1);
        Path out = home.resolve("env.txt");
        new FailureNotifier(List.of("sh", "-c", "env > '" + out + "'"), null, Duration.ofSeconds(30))
                .failed("nightly", 42L, "FAILED", "build failed: sql/warehouse/x.sql line 3");
        List<String> names = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).map(l -> l.substring(0, l.indexOf('='))).toList();
        assertThat(names).allSatisfy(n -> assertThat(n).matches("PATH|PWD|SHLVL|_|PAIROBS_[A-Z_]+"))
                .contains("PATH", "PAIROBS_JOB", "PAIROBS_EXECUTION_ID", "PAIROBS_STATUS", "PAIROBS_MESSAGE", "PAIROBS_RESTART");
        assertThat(Files.readString(out)).contains("PAIROBS_RESTART=pairobs restart 42");
        for (String inherited : System.getenv().keySet()) {
            if (!inherited.equals("PATH") && !inherited.equals("PWD") && !inherited.equals("SHLVL") && !inherited.equals("_")) {
                assertThat(names).as("inherited variable").doesNotContain(inherited);
            }
        }
    }

    @Test
    void testTheJobRepositoryGetsAGeneratedPasswordKeptAsASecret() throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("repository/pairobs");
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRepository.class).getJobNames()).isEmpty();
            assertThat(context.getEnvironment().getProperty("spring.datasource.url")).doesNotContain("AUTO_SERVER");
        }
        Path secret = home.resolve("secrets/repository.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        String password = Files.readString(secret).strip();
        assertThat(password).matches("[0-9a-f]{64}");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("Wrong user name or password");
        try (Connection c = DriverManager.getConnection(url, "sa", password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM BATCH_JOB_INSTANCE")) {
            assertThat(rs.next()).isTrue();
        }
        // a second start reads the same secret
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRepository.class).getJobNames()).isEmpty();
        }
        assertThat(Files.readString(secret).strip()).isEqualTo(password);
    }

    @Test
    void testARepositoryWithAnEmptyPasswordKeepsItsRunsAndGetsAPassword() throws Exception {
        String url = "jdbc:h2:file:" + home.resolve("repository/pairobs");
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.repository.password-file="
                + home.resolve("old/none"), "spring.datasource.password=")) {
            // first start as before: the password file named elsewhere does not exist yet, so one is made there
        }
        // simulate a repository from before: empty password, no secret file
        String made = Files.readString(home.resolve("old/none")).strip();
        try (Connection c = DriverManager.getConnection(url, "sa", made); Statement s = c.createStatement()) {
            s.execute("ALTER USER SA SET PASSWORD ''");
            s.execute("CREATE TABLE OLD_RUNS(ID INT)");
            s.execute("INSERT INTO OLD_RUNS VALUES (7)");
        }
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRepository.class).getJobNames()).isEmpty();
        }
        String password = Files.readString(home.resolve("secrets/repository.password")).strip();
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);
        try (Connection c = DriverManager.getConnection(url, "sa", password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ID FROM OLD_RUNS")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void testARepositoryPasswordFileOthersCanReadIsRefused() throws Exception {
        Path secret = home.resolve("secrets/repository.password");
        FileModes.createOwnerOnly(secret, ("a".repeat(64) + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> RepositoryPassword.passwordFor("jdbc:h2:file:" + home.resolve("repository/pairobs"), "sa", secret))
                .hasMessageContaining("chmod 600 " + secret);
    }
}
