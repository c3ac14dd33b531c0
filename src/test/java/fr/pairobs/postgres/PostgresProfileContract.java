package fr.pairobs.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.schedule.PipelineSchedule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile: job repository and clustered Quartz store on PostgreSQL, schemas
 * created once by Flyway. Each run gets a database of its own on the server given by
 * {@link #adminUrl()}, dropped afterwards.
 */
abstract class PostgresProfileContract {
    @TempDir
    Path home;

    private String database;

    /** A JDBC URL, with credentials, of a database from which a new one can be created. */
    abstract String adminUrl();

    @BeforeEach
    void createDatabase() throws Exception {
        database = "pairobs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private String url() {
        // same server and credentials, our own database
        return adminUrl().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }

    private ConfigurableApplicationContext start() {
        return PipelineContexts.start(home, "spring.profiles.active=postgres", "spring.datasource.url=" + url(),
                "spring.datasource.username=", "spring.datasource.password=");
    }

    @Test
    void testNightlyRunsWithJobRepositoryAndQuartzOnPostgres() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 5, 0.05);
        try (ConfigurableApplicationContext context = start()) {
            JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 4, 1), null);
            assertThat(outcome.exitCode()).as(outcome.message()).isZero();
            context.getBean(PipelineSchedule.class).synchronize();
            Scheduler scheduler = context.getBean(Scheduler.class);
            assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
            assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        }
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
            assertThat(single(s, "SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'")).isEqualTo(1);
            assertThat(single(s, "SELECT sum(write_count) FROM batch_step_execution WHERE step_name LIKE 'ingest:%:%'"))
                    .isEqualTo(demo.validRows());
            assertThat(single(s, "SELECT count(*) FROM qrtz_cron_triggers")).isGreaterThan(1);
        }
        // a second start keeps everything: migrations are not re-applied, Quartz's tables are not dropped
        try (ConfigurableApplicationContext context = start()) {
            JobRunner.Outcome again = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 4, 1), null);
            assertThat(again.message()).contains("already completed");
        }
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
            assertThat(single(s, "SELECT count(*) FROM qrtz_cron_triggers")).isGreaterThan(1);
            assertThat(single(s, "SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
        }
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
