package fr.pairobs.pull;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.PartnerSpec;
import fr.pairobs.feed.SpecCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pulls from a real HTTPS server (the JDK's, with a certificate made by keytool) on a loopback port. */
class HttpsPullTest {
    @TempDir
    static Path tls;

    @TempDir
    Path home;

    private static SSLContext serverTls;

    private HttpsServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile String index;
    private volatile boolean cutShort;
    private FeedSpec feed;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-genkeypair", "-alias", "partner", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3", "-storetype", "PKCS12",
                "-keystore", tls.resolve("server.p12").toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "partner", "-keystore", tls.resolve("server.p12").toString(),
                "-storepass", "changeit", "-file", tls.resolve("partner-ca.pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.resolve("server.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/exports/", exchange -> {
            try (exchange) {
                String name = exchange.getRequestURI().getPath().substring("/exports/".length());
                requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                if (!"Bearer t0ken-gem".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                byte[] body = name.equals("SHA256SUMS") ? index.getBytes(StandardCharsets.UTF_8) : files.get(name);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body, 0, cutShort && !name.equals("SHA256SUMS") ? body.length / 2 : body.length);
                }
            } catch (java.io.IOException e) {
                // a response cut short on purpose
            }
        });
        server.start();
        feed = SpecCatalog.load(Path.of("config"), Path.of("jobs")).feeds().values().stream()
                .filter(f -> f.files().pattern().equals("accueils_*.csv")).findFirst().orElseThrow();
        publish("accueils_2025T1.csv", "a;b\r\n1;2\r\n");
        publish("accueils_2025 T2.csv", "a;b\r\n3;4\r\n");
        publish("readme.txt", "not an export");
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/gem.token"), "t0ken-gem\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(home.resolve("secrets/gem.token"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.copy(tls.resolve("partner-ca.pem"), home.resolve("secrets/partner-ca.pem"));
    }

    private void publish(String name, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        files.put(name, bytes);
        StringBuilder sums = new StringBuilder();
        for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
            sums.append(sha256(file.getValue())).append("  ").append(file.getKey()).append('\n');
        }
        index = sums.toString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private PartnerSpec partner(String caFile, String tokenFile) {
        return new PartnerSpec(feed.partner(), "GEM", "GEM", new PartnerSpec.Source("https", null, null, null, null, null, null,
                null, "https://127.0.0.1:" + server.getAddress().getPort() + "/exports/", null, tokenFile, caFile, 2));
    }

    private LandingArea landing() {
        return new LandingArea(home.resolve("landing"), Clock.systemUTC());
    }

    @Test
    void testPullLandsPublishedFilesAndSkipsKnownChecksumsWithoutDownloading() throws Exception {
        PartnerPuller puller = new PartnerPuller(landing(), home);
        List<LandingArea.Landing> first = puller.pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed);
        assertThat(first).extracting(l -> l.file().sourceName()).containsExactly("accueils_2025 T2.csv", "accueils_2025T1.csv");
        assertThat(first).allMatch(LandingArea.Landing::newlyLanded);
        assertThat(first.get(1).file().sha256()).isEqualTo(sha256(files.get("accueils_2025T1.csv")));
        assertThat(requests.get("readme.txt")).as("files outside the feed's pattern are not fetched").isNull();

        List<LandingArea.Landing> second = puller.pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed);
        assertThat(second).noneMatch(LandingArea.Landing::newlyLanded);
        assertThat(requests.get("accueils_2025T1.csv").get()).as("a file already landed is not downloaded again").isEqualTo(1);
        assertThat(landing().files(feed.partner())).hasSize(2);
    }

    @Test
    void testCertificateNotTrustedIsRefused() {
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner(null, "secrets/gem.token"), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("TLS verification failed");
        assertThat(landing().files(feed.partner())).isEmpty();
    }

    @Test
    void testWrongTokenSaysSoWithoutPrintingIt() throws Exception {
        Files.writeString(home.resolve("secrets/gem.token"), "expired-token", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("HTTP 401 (check the token file)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("expired-token"));
    }

    @Test
    void testPathTraversalInTheIndexIsRefusedAndNothingIsWrittenOutside() throws Exception {
        index = index + sha256(new byte[0]) + "  ../../accueils_evil.csv\n";
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("path traversal refused");
        assertThat(landing().files(feed.partner())).isEmpty();
        try (var walk = Files.walk(home)) {
            assertThat(walk.filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        }
    }

    @Test
    void testDownloadCutShortIsNeverLanded() throws Exception {
        cutShort = true;
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("partner " + feed.partner())
                .hasMessageMatching("(?s).*(stalled: no data for 2 s|was cut short).*");
        assertThat(landing().files(feed.partner())).isEmpty();
        try (var partial = Files.list(home.resolve("landing").resolve(feed.partner()).resolve(".partial"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void testChecksumMismatchIsRefused() throws Exception {
        files.put("accueils_2025T1.csv", "a;b\r\n9;9\r\n".getBytes(StandardCharsets.UTF_8)); // changed after the index was written
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("does not match its published SHA-256");
        assertThat(landing().files(feed.partner())).extracting(LandedFile::sourceName).doesNotContain("accueils_2025T1.csv");
    }

    @Test
    void testAnIndexOverItsLimitIsNotRead() throws Exception {
        PartnerSpec base = partner("secrets/partner-ca.pem", "secrets/gem.token");
        PartnerSpec small = new PartnerSpec(base.id(), base.name(), base.category(), new PartnerSpec.Source("https", null, null, null,
                null, null, null, null, base.source().url(), null, "secrets/gem.token", "secrets/partner-ca.pem", 2, null, null, 100L));
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(small, feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("the index SHA256SUMS is larger than 100 bytes (max-index-bytes in config/partners.yml)");
        assertThat(landing().files(feed.partner())).isEmpty();
    }

    @Test
    void testADownloadOverTheFeedsLimitIsStoppedAndNotLanded() throws Exception {
        FeedSpec small = new FeedSpec(feed.feed(), feed.partner(), feed.dataset(), feed.description(), feed.schedule(),
                new FeedSpec.Files(feed.files().pattern(), feed.files().period(), 5L), feed.dialect(), feed.columns(), feed.values(),
                feed.constants(), feed.filter(), feed.identity());
        assertThatThrownBy(() -> new PartnerPuller(landing(), home).pull(partner("secrets/partner-ca.pem", "secrets/gem.token"), small))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("is more than 5 bytes long (the transfer was stopped there), more than the 5 bytes the feed accepts "
                        + "(files.max-bytes in jobs/" + feed.feed() + ".yml); it is not landed");
        assertThat(landing().files(feed.partner())).isEmpty();
        try (var partial = Files.list(home.resolve("landing").resolve(feed.partner()).resolve(".partial"))) {
            assertThat(partial).isEmpty();
        }
    }
}
