package fr.pairobs.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.cli.RekeyCommand;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.KeyMismatchException;
import fr.pairobs.pseudo.KeyRegistry;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.pseudo.Pseudonymizer;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code pairobs rekey} on the demo: the same indicators and the same linkage of rows to people
 * after the rotation, every stored pseudonym the chain HMAC(k2, old) of the old one, and none of the
 * pseudonyms that k1 alone computes left in the lake or the warehouse.
 */
class KeyRotationTest {
    private static final String[] INDICATORS = {"ind_hospitalisation", "ind_involuntary_care", "ind_readmission", "ind_recovery",
        "ind_engagement", "ind_satisfaction", "ind_rights", "ind_workforce", "ind_funding", "ind_training"};

    @TempDir
    Path home;

    @Test
    // two nights with the release's protection (the rotation rebuilds the night): past the suite's 5 minutes on a loaded machine
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void testRotationKeepsIndicatorsAndLinkageAndTheOldKeyAloneMatchesNothing() throws Exception {
        Path keyFile = home.resolve("secrets/pseudonym.key");
        PseudonymKey k1 = PseudonymKey.generate("k1", keyFile);
        new DemoExports().generate(home, 13, 0.1);
        Path snapshot = home.resolve("../" + home.getFileName() + "-snapshot.duckdb").normalize();
        Map<String, List<String>> indicatorsBefore;
        long dimPersonBefore;
        try (ConfigurableApplicationContext context = PipelineContexts.start(home)) {
            assertThat(context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 3, 1), null).exitCode()).isZero();
            indicatorsBefore = indicators();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + snapshot); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lake_before AS " + lakePersonRows());
                s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS w (READ_ONLY)");
                dimPersonBefore = single(s, "SELECT count(DISTINCT person_key) FROM w.dim_person");
                s.execute("DETACH w");
            }
            assertThat(new KeyRegistry(home.resolve("lake")).entries()).singleElement()
                    .satisfies(e -> assertThat(e.fingerprint()).isEqualTo(k1.fingerprint()));

            int code = new CommandLine(context.getBean(RekeyCommand.class)).execute("--to", "k2");
            assertThat(code).isZero();

            Path k2File = home.resolve("secrets/pseudonym.k2.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k2File))).isEqualTo("rw-------");
            PseudonymKey k2 = PseudonymKey.load("k2", k2File);
            assertThat(indicators()).as("indicators after the rotation").isEqualTo(indicatorsBefore);

            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + snapshot); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lake_after AS " + lakePersonRows());
                s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS w (READ_ONLY)");
                assertThat(single(s, "SELECT count(*) FROM lake_before")).isPositive();
                assertThat(single(s, "SELECT count(*) FROM lake_after")).isEqualTo(single(s, "SELECT count(*) FROM lake_before"));
                assertThat(single(s, "SELECT count(DISTINCT person_key_id) FROM lake_after WHERE person_key_id = 'k2'"))
                        .isEqualTo(single(s, "SELECT count(DISTINCT person_key_id) FROM lake_after"));
                // linkage: the same rows together, person for person
                String joined = " FROM lake_before b JOIN lake_after a USING (dataset, _source_sha256, _source_line)";
                assertThat(single(s, "SELECT count(*)" + joined)).isEqualTo(single(s, "SELECT count(*) FROM lake_before"));
                long people = single(s, "SELECT count(DISTINCT person_key) FROM lake_before");
                assertThat(single(s, "SELECT count(DISTINCT a.person_key)" + joined)).isEqualTo(people);
                assertThat(single(s, "SELECT count(DISTINCT (b.person_key, a.person_key))" + joined)).isEqualTo(people);
                assertThat(single(s, "SELECT count(DISTINCT person_key) FROM w.dim_person")).isEqualTo(dimPersonBefore);
                // every stored pseudonym is HMAC(k2, the old one), computed here independently of the rewrite
                UnaryOperator<String> chain = Pseudonymizer.chainTo(k2);
                try (ResultSet rs = s.executeQuery("SELECT b.person_key, a.person_key, b.traits_key, a.traits_key" + joined)) {
                    while (rs.next()) {
                        assertThat(rs.getString(2)).isEqualTo(chain.apply(rs.getString(1)));
                        assertThat(rs.getString(4)).isEqualTo(chain.apply(rs.getString(3)));
                    }
                }
                // what k1 alone computes (the pseudonyms before the rotation) matches nothing stored
                assertThat(single(s, "SELECT count(*) FROM lake_after WHERE person_key IN (SELECT person_key FROM lake_before) "
                        + "OR traits_key IN (SELECT person_key FROM lake_before UNION SELECT traits_key FROM lake_before)")).isZero();
                assertThat(single(s, "SELECT count(*) FROM w.dim_person WHERE person_key IN (SELECT person_key FROM lake_before)"))
                        .isZero();
                assertThat(single(s, "SELECT count(*) FROM w.map_person_link WHERE person_key IN (SELECT person_key FROM lake_before) "
                        + "OR source_key IN (SELECT person_key FROM lake_before UNION SELECT traits_key FROM lake_before)")).isZero();
                try (ResultSet rs = s.executeQuery("SELECT pseudonym_key_id, pseudonym_key_fingerprint FROM w.build_info")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("k2");
                    assertThat(rs.getString(2)).isEqualTo(k2.fingerprint());
                }
            }
            // the job repository names the key of each ingest step
            JobRepository repository = context.getBean(JobRepository.class);
            List<String> stamped = new ArrayList<>();
            for (var instance : repository.getJobInstances("nightly", 0, 10)) {
                for (var execution : repository.getJobExecutions(instance)) {
                    for (StepExecution step : execution.getStepExecutions()) {
                        if (step.getExecutionContext().containsKey(IngestKeyStamp.KEY_FINGERPRINT)) {
                            stamped.add(step.getExecutionContext().getString(IngestKeyStamp.KEY_ID) + "="
                                    + step.getExecutionContext().getString(IngestKeyStamp.KEY_FINGERPRINT));
                        }
                    }
                }
            }
            assertThat(stamped).isNotEmpty().allMatch(s -> s.equals("k1=" + k1.fingerprint()));
        }

        // from now on the ingest uses the chain; k1 alone, a wrong key or a missing k2 is refused before a row is written
        PseudonymKeyProvider provider = new PseudonymKeyProvider("k1", "UNSET_" + System.nanoTime(), keyFile, n -> null,
                home.resolve("lake"));
        PseudonymKey chained = provider.key();
        assertThat(chained.keyId()).isEqualTo("k2");
        assertThat(chained.previous()).isEqualTo(k1);
        Path k2File = home.resolve("secrets/pseudonym.k2.key");
        Files.move(k2File, home.resolve("k2.aside"));
        assertThatThrownBy(() -> new PseudonymKeyProvider("k1", "UNSET", keyFile, n -> null, home.resolve("lake")).key())
                .isInstanceOf(KeyMismatchException.class).hasMessageContaining("pseudonym.k2.key");
        String other = "ab".repeat(32);
        assertThatThrownBy(() -> new PseudonymKeyProvider("k1", "K", keyFile, n -> n.equals("K") ? other : null,
                home.resolve("lake")).key()).isInstanceOf(KeyMismatchException.class).hasMessageContaining("fingerprint");
    }

    private String lakePersonRows() {
        return "SELECT regexp_extract(filename, '/lake/([^/]+)/', 1) AS dataset, _source_sha256, _source_line, person_key, "
                + "traits_key, person_key_id FROM read_parquet('" + home.resolve("lake") + "/*/*/batch=*/*.parquet', "
                + "union_by_name = true, filename = true) WHERE person_key IS NOT NULL";
    }

    private Map<String, List<String>> indicators() throws Exception {
        Map<String, List<String>> all = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("warehouse/current.duckdb"));
                Statement s = c.createStatement()) {
            for (String view : INDICATORS) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + view + " ORDER BY ALL")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                all.put(view, rows);
            }
        }
        return all;
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
