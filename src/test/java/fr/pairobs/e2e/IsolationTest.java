package fr.pairobs.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.FileQuarantine;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.lake.Quarantine;
import fr.pairobs.pseudo.PseudonymKey;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One night with a file over its reject limit and a partner whose SFTP server does not answer: the other feeds are
 * ingested and published, the file and the source are quarantined with their reasons (in the run's outcome, its
 * notification, 'pairobs runs', 'pairobs quarantine' and the warehouse's quarantine table), and the next night, with
 * the server back and a corrected re-send of the file, every row is in the lake exactly once.
 */
class IsolationTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String HEADER = "N° contact;Matricule MSP;FINESS;Date du contact;Modalité;Durée (min);Lieu;NIR;Nom;Prénom;"
            + "Date de naissance;Sexe;Département de résidence\r\n";
    private static final String ROW = "Q%d;MSP01;690780648;03/02/2025;%s;45;Unité;;Dupont;Marie;03/02/1980;F;69\r\n";
    private static final String UNREACHABLE = "gem-constellation";
    private static final String LATE_FILE = "contacts_msp_2026-T1.csv";

    @TempDir
    Path home;

    @Test
    void testOneBadFileAndOneDeadSourceStopNothingElseAndTheResendIsIngestedOnce() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 13, 0.05);
        // 4 rejected rows where the limit is 3 (no demo file has more than 2)
        StringBuilder bad = new StringBuilder(HEADER);
        for (int i = 1; i <= 10; i++) {
            bad.append(ROW.formatted(i, i % 2 == 0 && i <= 8 ? "Atelier inconnu" : "Individuel"));
        }
        Path inbox = home.resolve("inbox/ch-le-vinatier");
        Files.write(inbox.resolve(LATE_FILE), bad.toString().getBytes(CP1252));
        String badSha = sha256(inbox.resolve(LATE_FILE));
        Path config = configWithDeadSftp(home);
        Path notified = home.resolve("notified.env");
        String[] properties = {"pairobs.config-dir=" + config, "pairobs.ingest.max-rejects=3", "pairobs.ingest.threads=2",
                "pairobs.notify.command=sh,-c,env | grep ^PAIROBS_ | sort > '" + notified + "'"};

        try (ConfigurableApplicationContext context = PipelineContexts.start(home, properties)) {
            JobRunner.Outcome night = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 4, 1), null);
            assertThat(night.exitCode()).as(night.message()).isZero();
            assertThat(night.message()).contains(LATE_FILE).contains("more than 3 rejected rows").contains(UNREACHABLE + ".peer_contacts");

            List<Quarantine.Entry> open = context.getBean(FileQuarantine.class).ledger().open();
            assertThat(open).filteredOn(e -> !e.isSource()).singleElement().satisfies(e -> {
                assertThat(e.sha256()).isEqualTo(badSha);
                assertThat(e.feed()).isEqualTo("ch-le-vinatier.peer_contacts");
                assertThat(e.period()).isEqualTo("2026-T1");
                assertThat(e.reason()).contains(LATE_FILE).contains("more than 3 rejected rows").contains("line 9");
            });
            assertThat(open).filteredOn(Quarantine.Entry::isSource).extracting(Quarantine.Entry::feed)
                    .containsExactlyInAnyOrder(UNREACHABLE + ".peer_contacts", UNREACHABLE + ".outcome_assessments");
            assertThat(open).filteredOn(Quarantine.Entry::isSource).allSatisfy(e -> assertThat(e.reason()).contains("127.0.0.1"));

            List<String> env = Files.readAllLines(notified, StandardCharsets.UTF_8);
            assertThat(env).contains("PAIROBS_STATUS=" + JobRunner.QUARANTINED, "PAIROBS_JOB=nightly");
            assertThat(env).anySatisfy(line -> assertThat(line).startsWith("PAIROBS_MESSAGE=").contains(LATE_FILE));

            String runs = run(new CommandLine(context.getBean(fr.pairobs.cli.RunsCommand.class)));
            assertThat(runs.lines().filter(l -> l.contains(" nightly ")).findFirst().orElseThrow())
                    .matches("\\s*\\d+\\s+nightly\\s+COMPLETED\\s+.*\\s3\\s+\\[.*");
            String listed = run(new CommandLine(context.getBean(fr.pairobs.cli.QuarantineCommand.class)));
            assertThat(listed).contains(badSha.substring(0, 16)).contains(UNREACHABLE).contains("2026-T1");
        }
        // the other feeds are published; nothing of the quarantined file or the unreachable partner is
        Map<String, Long> lake = lakeRows(home);
        Map<String, Long> expected = expectedRows(demo, false);
        assertThat(lake).isEqualTo(expected);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS wh (READ_ONLY)");
            s.execute("USE wh");
            ResultSet q = s.executeQuery("SELECT kind, partner_id, feed, period, source_sha256 FROM quarantine ORDER BY kind, feed");
            assertThat(q.next()).isTrue();
            assertThat(q.getString("kind")).isEqualTo("file");
            assertThat(q.getString("period")).isEqualTo("2026-T1");
            assertThat(q.getString("source_sha256")).isEqualTo(badSha);
            for (String feed : new String[] {UNREACHABLE + ".outcome_assessments", UNREACHABLE + ".peer_contacts"}) {
                assertThat(q.next()).isTrue();
                assertThat(q.getString("kind")).isEqualTo("source");
                assertThat(q.getString("feed")).isEqualTo(feed);
            }
            assertThat(q.next()).isFalse();
        }
        // the open release shows the gap too (its completeness table is what the report's section reads)
        Path release = new fr.pairobs.release.Releases(home.resolve("release"), 1).latest().orElseThrow();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + release.resolve("release.duckdb") + "' AS rel (READ_ONLY)");
            ResultSet q = s.executeQuery("SELECT partner_id, period FROM rel.release_completeness WHERE status = 'quarantined' "
                    + "ORDER BY period NULLS LAST, partner_id");
            assertThat(q.next()).isTrue();
            assertThat(q.getString("period")).isEqualTo("2026-T1");
            assertThat(q.next()).as("the unreachable partner's feeds").isTrue();
            assertThat(q.getString("partner_id")).isEqualTo(UNREACHABLE);
            assertThat(q.getString("period")).isNull();
        }

        // the next night: the server answers again and the partner has re-sent the export corrected
        Files.writeString(config.resolve("partners.yml"), Files.readString(Path.of("config/partners.yml")));
        StringBuilder corrected = new StringBuilder(HEADER);
        for (int i = 1; i <= 10; i++) {
            corrected.append(ROW.formatted(i, "Individuel"));
        }
        Files.write(inbox.resolve(LATE_FILE), corrected.toString().getBytes(CP1252));
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, properties)) {
            JobRunner.Outcome night = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 4, 2), null);
            assertThat(night.exitCode()).as(night.message()).isZero();
            // the first night's release, made with a quarantine, is still rebuilt exactly from its own batches
            assertThat(context.getBean(fr.pairobs.release.OpenRelease.class).verify(release.getFileName().toString()))
                    .isNotEmpty().allSatisfy(comparison -> assertThat(comparison.same()).as(comparison.file()).isTrue());
            assertThat(night.message()).doesNotContain("quarantine");
            assertThat(context.getBean(FileQuarantine.class).ledger().open()).as("the gaps are filled").isEmpty();
            assertThat(context.getBean(FileQuarantine.class).ledger().ledger()).extracting(r -> r.get("action"))
                    .containsExactlyInAnyOrder("quarantined", "quarantined", "quarantined", "reachable", "reachable",
                            "superseded by " + sha256(inbox.resolve(LATE_FILE)));
        }
        Map<String, Long> all = expectedRows(demo, true);
        all.merge("peer_contacts/ch-le-vinatier", 10L, Long::sum);
        assertThat(lakeRows(home)).isEqualTo(all);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT (_source_sha256, _source_line)), count(*) FILTER (WHERE "
                    + "_source_sha256 = '" + badSha + "') FROM read_parquet('" + home.resolve("lake") + "/peer_contacts/partner=*/batch=*/*.parquet')");
            r.next();
            assertThat(r.getLong(2)).as("no row twice").isEqualTo(r.getLong(1));
            assertThat(r.getLong(3)).as("nothing of the quarantined file").isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS wh (READ_ONLY)");
            s.execute("USE wh");
            ResultSet q = s.executeQuery("SELECT count(*) FROM quarantine");
            q.next();
            assertThat(q.getLong(1)).isZero();
        }
    }

    /** The project's config with one partner's source an SFTP server on a port where nothing listens. */
    private static Path configWithDeadSftp(Path home) throws Exception {
        Path config = home.resolve("config-test");
        try (Stream<Path> walk = Files.walk(Path.of("config"))) {
            for (Path p : walk.toList()) {
                Path target = config.resolve(Path.of("config").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(home.resolve("secrets/sftp.password"), "unused\n");
        Files.writeString(home.resolve("secrets/known_hosts"), "");
        String partners = Files.readString(config.resolve("partners.yml")).replace(
                "source: {type: directory, path: inbox/" + UNREACHABLE + "}",
                "source: {type: sftp, host: 127.0.0.1, port: " + port + ", user: pairobs, path: /exports, "
                        + "known-hosts: secrets/known_hosts, password-file: secrets/sftp.password, timeout-seconds: 5}");
        assertThat(partners).contains("type: sftp");
        Files.writeString(config.resolve("partners.yml"), partners);
        return config;
    }

    /** Valid rows the demo generated, by dataset and partner; the unreachable partner's only when it is included. */
    private static Map<String, Long> expectedRows(DemoExports.Result demo, boolean withUnreachable) {
        Map<String, Long> rows = new HashMap<>();
        for (DemoExports.DemoFile file : demo.files()) {
            if (withUnreachable || !file.partner().equals(UNREACHABLE)) {
                rows.merge(file.dataset() + "/" + file.partner(), (long) file.validRows(), Long::sum);
            }
        }
        rows.values().removeIf(n -> n == 0);
        return rows;
    }

    private static Map<String, Long> lakeRows(Path home) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                Stream<Path> datasets = Files.list(home.resolve("lake"))) {
            for (Path dataset : datasets.filter(p -> !p.getFileName().toString().startsWith("_")).toList()) {
                ResultSet r = s.executeQuery("SELECT _partner, count(*) FROM read_parquet('" + dataset
                        + "/partner=*/batch=*/*.parquet') GROUP BY _partner");
                while (r.next()) {
                    rows.put(dataset.getFileName() + "/" + r.getString(1), r.getLong(2));
                }
            }
        }
        return rows;
    }

    private static String run(CommandLine command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.execute()).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
