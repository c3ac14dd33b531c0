package fr.pairobs.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.cli.LineageCommand;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pull.LandedFile;
import fr.pairobs.pull.LandingArea;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw partner files leave the landing area once their batch has been in the lake for the retention;
 * the manifest keeps naming them, purged.csv says when, lineage says the evidence was purged, and
 * the next nightly neither lands them again nor loses a row.
 */
class LandingRetentionTest {
    @TempDir
    Path home;

    @Test
    void testFilesPastTheRetentionArePurgedByTheNightlyAndLineageSaysSo() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 21, 0.1);
        List<String> manifests;
        List<Path> landed;
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 1), null).exitCode()).isZero();
            LandingArea landing = context.getBean(LandingArea.class);
            SpecCatalog catalog = context.getBean(SpecCatalog.class);
            landed = catalog.partners().keySet().stream().flatMap(p -> landing.files(p).stream()).map(LandedFile::path).toList();
            assertThat(landed).isNotEmpty().allSatisfy(p -> assertThat(p).exists());
            manifests = manifests(catalog);

            // the default retention (P90D) keeps today's files; 91 days later every ingested file is due
            LandingRetention now = context.getBean(LandingRetention.class);
            assertThat(now.retention()).isEqualTo(Duration.ofDays(90));
            assertThat(now.purge(true)).isEmpty();
            LandingRetention later = new LandingRetention(landing, new Workspace(home), catalog, Duration.ofDays(90),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(91)));
            assertThat(later.purge(true)).hasSize(landed.size());
            assertThat(landed).allSatisfy(p -> assertThat(p).as("a dry run deletes nothing").exists());
        }
        long contacts = count("fct_peer_contact");
        assertThat(contacts).isEqualTo(demo.validRows("peer_contacts"));

        // the nightly enforces the retention after it publishes
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.landing.retention=PT0S")) {
            assertThat(context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 2), null).exitCode()).isZero();
            SpecCatalog catalog = context.getBean(SpecCatalog.class);
            assertThat(landed).allSatisfy(p -> assertThat(p).as("raw file purged").doesNotExist());
            assertThat(manifests(catalog)).as("manifest lines kept").isEqualTo(manifests);
            LandingRetention retention = context.getBean(LandingRetention.class);
            LandingArea landing = context.getBean(LandingArea.class);
            for (String partner : catalog.partners().keySet()) {
                for (LandedFile file : landing.files(partner)) {
                    assertThat(retention.purgedAt(partner, file.sha256())).as(file.sourceName()).isPresent();
                }
            }
            String out = run(context.getBean(LineageCommand.class), "fct_peer_contact", "source_line=2");
            assertThat(out).contains("the raw file was purged at").contains("sha256");

            // a further night: nothing landed again, nothing lost or doubled
            assertThat(context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 3), null).exitCode()).isZero();
            assertThat(landed).allSatisfy(p -> assertThat(p).doesNotExist());
            assertThat(manifests(catalog)).isEqualTo(manifests);
        }
        assertThat(count("fct_peer_contact")).isEqualTo(contacts);
    }

    private List<String> manifests(SpecCatalog catalog) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (String partner : catalog.partners().keySet()) {
            Path manifest = home.resolve("landing").resolve(partner).resolve("manifest.csv");
            if (Files.exists(manifest)) {
                lines.addAll(Files.readAllLines(manifest));
            }
        }
        return lines;
    }

    private long count(String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            new CommandLine(command).execute(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
