package fr.pairobs.pull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.PartnerSpec;
import fr.pairobs.feed.SpecCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pulls from a real SFTP server (Apache MINA SSHD, embedded) on a loopback port. */
class SftpPullTest {
    @TempDir
    Path dir;

    private SshServer server;
    private Path remote;
    private Path home;
    private KeyPair clientKey;
    private FeedSpec feed;

    @BeforeEach
    void startServer() throws Exception {
        remote = Files.createDirectories(dir.resolve("server/exports"));
        home = Files.createDirectories(dir.resolve("home"));
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("server/hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> "pairobs".equals(user) && "s3cret-sftp".equals(password));
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("pairobs", List.of(clientKey.getPublic())));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(dir.resolve("server")));
        server.start();
        feed = SpecCatalog.load(Path.of("config"), Path.of("jobs")).feeds().values().stream()
                .filter(f -> f.files().pattern().equals("accueils_*.csv")).findFirst().orElseThrow();
        Files.writeString(remote.resolve("accueils_2025T1.csv"), "a;b\r\n1;2\r\n", StandardCharsets.UTF_8);
        Files.writeString(remote.resolve("accueils_2025T2.csv"), "a;b\r\n3;4\r\n", StandardCharsets.UTF_8);
        Files.writeString(remote.resolve("notes.txt"), "not an export", StandardCharsets.UTF_8);
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/sftp.password"), "s3cret-sftp\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(home.resolve("secrets/sftp.password"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop(true);
    }

    private void knownHosts(PublicKey key) throws Exception {
        Files.writeString(home.resolve("secrets/known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key) + "\n", StandardCharsets.UTF_8);
    }

    private PublicKey hostKey() throws Exception {
        return server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    }

    private PartnerSpec partner(String passwordFile, String keyFile) {
        return new PartnerSpec(feed.partner(), "GEM", "GEM", new PartnerSpec.Source("sftp", "/exports", "127.0.0.1",
                server.getPort(), "pairobs", "secrets/known_hosts", passwordFile, keyFile, null, null, null, null, 10,
                // these tests are about the session; when a file is complete is tested below
                "stable-size", 0, null));
    }

    private PartnerSpec settling(String ready, Integer stableSeconds) {
        PartnerSpec base = partner("secrets/sftp.password", null);
        return new PartnerSpec(base.id(), base.name(), base.category(), base.source().withReady(ready, stableSeconds));
    }

    @Test
    void testAFileStillBeingUploadedIsLandedOnlyOnceItsSizeHolds() throws Exception {
        knownHosts(hostKey());
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        List<java.time.Duration> pauses = new java.util.ArrayList<>();
        PartnerPuller uploading = new PartnerPuller(landing, home, duration -> {
            pauses.add(duration);
            try {
                Files.writeString(remote.resolve("accueils_2025T2.csv"), "5;6\r\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<LandingArea.Landing> first = uploading.pull(settling(null, null), feed);
        assertThat(pauses).containsExactly(java.time.Duration.ofSeconds(PartnerSpec.Source.SFTP_STABLE_SECONDS));
        // both were looked at twice: T1 held its size, T2 grew in between
        assertThat(first).extracting(l -> l.file().sourceName()).containsExactly("accueils_2025T1.csv");

        List<LandingArea.Landing> second = new PartnerPuller(landing, home, duration -> { }).pull(settling(null, null), feed);
        assertThat(second).extracting(l -> l.file().sourceName()).containsExactly("accueils_2025T1.csv", "accueils_2025T2.csv");
        assertThat(Files.readString(second.get(1).file().path())).isEqualTo("a;b\r\n3;4\r\n5;6\r\n");
    }

    @Test
    void testMarkersSayAFileIsCompleteAndAChecksumMarkerMustMatch() throws Exception {
        knownHosts(hostKey());
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        PartnerPuller puller = new PartnerPuller(landing, home, duration -> {
            throw new AssertionError("no wait with markers");
        });
        Files.writeString(remote.resolve("accueils_2025T1.csv.done"), "");
        Files.writeString(remote.resolve("accueils_2025T2.csv.sha256"), "0".repeat(64) + "  accueils_2025T2.csv\n");
        assertThatThrownBy(() -> puller.pull(settling("marker", null), feed)).isInstanceOf(PullException.class)
                .hasMessageContaining("accueils_2025T2.csv does not match its published SHA-256");
        assertThat(landing.files(feed.partner())).extracting(LandedFile::sourceName).containsExactly("accueils_2025T1.csv");

        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(remote.resolve("accueils_2025T2.csv"))));
        Files.writeString(remote.resolve("accueils_2025T2.csv.sha256"), sha + "  accueils_2025T2.csv\n");
        Files.writeString(remote.resolve("accueils_2025T3.csv"), "a;b\r\n7;8\r\n"); // no marker: not landed
        assertThat(puller.pull(settling("marker", null), feed)).extracting(l -> l.file().sourceName())
                .containsExactly("accueils_2025T1.csv", "accueils_2025T2.csv");
    }

    @Test
    void testAFileOverTheFeedsLimitIsRefusedBeforeItIsDownloaded() throws Exception {
        knownHosts(hostKey());
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        FeedSpec small = new FeedSpec(feed.feed(), feed.partner(), feed.dataset(), feed.description(), feed.schedule(),
                new FeedSpec.Files(feed.files().pattern(), feed.files().period(), 5L), feed.dialect(), feed.columns(), feed.values(),
                feed.constants(), feed.filter(), feed.identity());
        assertThatThrownBy(() -> new PartnerPuller(landing, home).pull(settling("stable-size", 0), small))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("accueils_2025T1.csv is 10 bytes, more than the 5 bytes the feed accepts (files.max-bytes");
        assertThat(landing.files(feed.partner())).isEmpty();
    }

    @Test
    void testPasswordPullLandsMatchingFilesOnceAndChecksTheHostKey() throws Exception {
        knownHosts(hostKey());
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        PartnerPuller puller = new PartnerPuller(landing, home);

        List<LandingArea.Landing> first = puller.pull(partner("secrets/sftp.password", null), feed);
        assertThat(first).extracting(l -> l.file().sourceName()).containsExactly("accueils_2025T1.csv", "accueils_2025T2.csv");
        assertThat(first).allMatch(LandingArea.Landing::newlyLanded);
        assertThat(Files.readAllBytes(first.get(0).file().path())).isEqualTo(Files.readAllBytes(remote.resolve("accueils_2025T1.csv")));
        assertThat(landing.files(feed.partner())).hasSize(2);

        List<LandingArea.Landing> second = puller.pull(partner("secrets/sftp.password", null), feed);
        assertThat(second).noneMatch(LandingArea.Landing::newlyLanded);
        assertThat(landing.files(feed.partner())).hasSize(2);
        try (var partial = Files.list(home.resolve("landing").resolve(feed.partner()).resolve(".partial"))) {
            assertThat(partial).as("no download left behind").isEmpty();
        }
    }

    @Test
    void testKeyAuthentication() throws Exception {
        knownHosts(hostKey());
        Path keyFile = home.resolve("secrets/id_ecdsa");
        try (var out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "pairobs", null, out);
        }
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new PartnerPuller(new LandingArea(home.resolve("landing"), Clock.systemUTC()), home)
                .pull(partner(null, "secrets/id_ecdsa"), feed)).hasMessageContaining("chmod 600 " + keyFile);
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        List<LandingArea.Landing> landed = new PartnerPuller(landing, home).pull(partner(null, "secrets/id_ecdsa"), feed);
        assertThat(landed).hasSize(2);
    }

    @Test
    void testUnknownHostKeyIsRefusedAndNothingLands() throws Exception {
        knownHosts(KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256).getPublic());
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        assertThatThrownBy(() -> new PartnerPuller(landing, home).pull(partner("secrets/sftp.password", null), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("partner " + feed.partner())
                .hasMessageContaining("cannot open an SFTP session");
        assertThat(landing.files(feed.partner())).isEmpty();
    }

    @Test
    void testWrongPasswordIsAClearErrorThatDoesNotPrintThePassword() throws Exception {
        knownHosts(hostKey());
        Files.writeString(home.resolve("secrets/sftp.password"), "wrong-password", StandardCharsets.UTF_8);
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        assertThatThrownBy(() -> new PartnerPuller(landing, home).pull(partner("secrets/sftp.password", null), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("sftp://pairobs@127.0.0.1:" + server.getPort() + "/exports")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
        assertThat(landing.files(feed.partner())).isEmpty();
    }

    @Test
    void testMissingKnownHostsFileSaysHowToFillIt() {
        LandingArea landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
        assertThatThrownBy(() -> new PartnerPuller(landing, home).pull(partner("secrets/sftp.password", null), feed))
                .isInstanceOf(PullException.class)
                .hasMessageContaining("known-hosts file")
                .hasMessageContaining("ssh-keyscan");
    }

    /** The key type names of SSHD, spelled once. */
    private interface KeyPairProvider {
        String ECDSA_SHA2_NISTP256 = org.apache.sshd.common.keyprovider.KeyPairProvider.ECDSA_SHA2_NISTP256;
    }
}
