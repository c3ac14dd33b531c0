package fr.pairobs.pull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.PartnerSpec;
import fr.pairobs.feed.SpecCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A directory source on real directories: links are not followed, a file is landed once complete (its size
 * and time unchanged across two looks, or a marker), and a file over the feed's limit is refused. The wait
 * between the two looks is where the test writes to the file, so nothing sleeps.
 */
class DirectoryPullTest {
    @TempDir
    Path home;

    private Path inbox;
    private FeedSpec feed;
    private LandingArea landing;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        inbox = Files.createDirectories(home.resolve("inbox/gem"));
        feed = SpecCatalog.load(Path.of("config"), Path.of("jobs")).feed("ch-le-vinatier.peer_contacts");
        landing = new LandingArea(home.resolve("landing"), Clock.systemUTC());
    }

    private PartnerSpec partner(String ready, Integer stableSeconds) {
        return new PartnerSpec(feed.partner(), "CH", "CHS", PartnerSpec.Source.directory("inbox/gem").withReady(ready, stableSeconds));
    }

    private PartnerPuller puller(Runnable duringPause) {
        return new PartnerPuller(landing, home, duration -> {
            pauses.add(duration);
            duringPause.run();
        });
    }

    private Path export(String name, String content, boolean old) throws Exception {
        Path file = Files.writeString(inbox.resolve(name), content, StandardCharsets.UTF_8);
        if (old) {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        return file;
    }

    private List<String> landedNames(List<LandingArea.Landing> landed) {
        return landed.stream().map(l -> l.file().sourceName()).toList();
    }

    @Test
    void testALinkNamedLikeAnExportIsNotFollowed() throws Exception {
        Path secret = Files.writeString(home.resolve("private.txt"), "NIR;Nom\r\n180026912345644;Dupont\r\n");
        Files.createSymbolicLink(inbox.resolve("contacts_msp_2025-T1.csv"), secret);
        export("contacts_msp_2025-T2.csv", "a;b\r\n1;2\r\n", true);
        List<LandingArea.Landing> landed = puller(() -> { }).pull(partner(null, null), feed);
        assertThat(landedNames(landed)).containsExactly("contacts_msp_2025-T2.csv");
        assertThat(landing.files(feed.partner())).extracting(LandedFile::sourceName).containsExactly("contacts_msp_2025-T2.csv");
    }

    @Test
    void testAHardLinkToAFileOutsideTheInboxIsNotLanded() throws Exception {
        Path secret = Files.writeString(home.resolve("private.txt"), "NIR;Nom\r\n180026912345644;Dupont\r\n");
        Files.createLink(inbox.resolve("contacts_msp_2025-T1.csv"), secret);
        assertThat(puller(() -> { }).pull(partner(null, null), feed)).isEmpty();
        assertThat(landing.files(feed.partner())).isEmpty();
    }

    @Test
    void testAnInboxThatIsItselfALinkStillWorks() throws Exception {
        Path real = Files.createDirectories(home.resolve("mounted/exports"));
        Files.delete(inbox);
        Files.createSymbolicLink(inbox, real);
        Files.writeString(real.resolve("contacts_msp_2025-T1.csv"), "a;b\r\n1;2\r\n");
        Files.setLastModifiedTime(real.resolve("contacts_msp_2025-T1.csv"), FileTime.from(Instant.now().minusSeconds(3600)));
        assertThat(landedNames(puller(() -> { }).pull(partner(null, null), feed))).containsExactly("contacts_msp_2025-T1.csv");
    }

    @Test
    void testAFileStillBeingWrittenIsLandedOnlyOnceItsSizeHolds() throws Exception {
        Path growing = export("contacts_msp_2025-T1.csv", "a;b\r\n1;2\r\n", false);
        export("contacts_msp_2025-T0.csv", "a;b\r\n0;0\r\n", true);
        List<LandingArea.Landing> first = puller(() -> append(growing, "3;4\r\n")).pull(partner(null, 2), feed);
        // the old file needs no second look; the fresh one changed during the wait
        assertThat(landedNames(first)).containsExactly("contacts_msp_2025-T0.csv");
        assertThat(pauses).containsExactly(Duration.ofSeconds(2));

        List<LandingArea.Landing> second = puller(() -> { }).pull(partner(null, 2), feed);
        assertThat(landedNames(second)).containsExactly("contacts_msp_2025-T0.csv", "contacts_msp_2025-T1.csv");
        LandingArea.Landing complete = second.get(1);
        assertThat(Files.readString(complete.file().path())).isEqualTo("a;b\r\n1;2\r\n3;4\r\n");
    }

    @Test
    void testTheDefaultLooksTwiceOneSecondApartAtAFreshFile() throws Exception {
        export("contacts_msp_2025-T1.csv", "a;b\r\n1;2\r\n", false);
        assertThat(landedNames(puller(() -> { }).pull(partner(null, null), feed))).containsExactly("contacts_msp_2025-T1.csv");
        assertThat(pauses).containsExactly(Duration.ofSeconds(PartnerSpec.Source.DIRECTORY_STABLE_SECONDS));
    }

    @Test
    void testMarkersSayAFileIsCompleteAndAChecksumMarkerMustMatch() throws Exception {
        String content = "a;b\r\n1;2\r\n";
        export("contacts_msp_2025-T1.csv", content, false);
        Files.writeString(inbox.resolve("contacts_msp_2025-T1.csv.done"), "");
        export("contacts_msp_2025-T2.csv", content + "5;6\r\n", false);
        export("contacts_msp_2025-T3.csv", "a;b\r\n7;8\r\n", true); // no marker: waits, however old
        List<LandingArea.Landing> landed = puller(() -> { }).pull(partner("marker", null), feed);
        assertThat(landedNames(landed)).containsExactly("contacts_msp_2025-T1.csv");
        assertThat(pauses).isEmpty();

        Files.writeString(inbox.resolve("contacts_msp_2025-T2.csv.sha256"), sha256(content) + "  contacts_msp_2025-T2.csv\n");
        assertThatThrownBy(() -> puller(() -> { }).pull(partner("marker", null), feed)).isInstanceOf(PullException.class)
                .hasMessageContaining("contacts_msp_2025-T2.csv does not match its published SHA-256");
        assertThat(landing.files(feed.partner())).extracting(LandedFile::sourceName).containsExactly("contacts_msp_2025-T1.csv");

        Files.writeString(inbox.resolve("contacts_msp_2025-T2.csv.sha256"), sha256(content + "5;6\r\n") + "  contacts_msp_2025-T2.csv\n");
        assertThat(landedNames(puller(() -> { }).pull(partner("marker", null), feed)))
                .containsExactly("contacts_msp_2025-T1.csv", "contacts_msp_2025-T2.csv");

        Files.writeString(inbox.resolve("contacts_msp_2025-T3.csv.sha256"), "not a checksum\n");
        assertThatThrownBy(() -> puller(() -> { }).pull(partner("marker", null), feed)).isInstanceOf(PullException.class)
                .hasMessageContaining("checksum marker contacts_msp_2025-T3.csv.sha256 line 1, column 1: expected the file's SHA-256");
    }

    @Test
    void testAFileOverTheFeedsLimitIsRefusedWithAClearError() throws Exception {
        export("contacts_msp_2025-T1.csv", "a;b\r\n" + "1;2\r\n".repeat(100), true);
        FeedSpec small = new FeedSpec(feed.feed(), feed.partner(), feed.dataset(), feed.description(), feed.schedule(),
                new FeedSpec.Files(feed.files().pattern(), feed.files().period(), 100L), feed.dialect(), feed.columns(), feed.values(),
                feed.constants(), feed.filter(), feed.identity());
        assertThatThrownBy(() -> puller(() -> { }).pull(partner(null, null), small)).isInstanceOf(PullException.class)
                .hasMessageContaining("contacts_msp_2025-T1.csv is 505 bytes, more than the 100 bytes the feed accepts (files.max-bytes in "
                        + "jobs/ch-le-vinatier.peer_contacts.yml); it is not landed");
        assertThat(landing.files(feed.partner())).isEmpty();
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
