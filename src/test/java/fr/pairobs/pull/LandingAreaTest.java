package fr.pairobs.pull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LandingAreaTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T02:30:00Z"), ZoneOffset.UTC);

    @Test
    void testSameBytesLandOnceEvenUnderAnotherName() throws Exception {
        LandingArea landing = new LandingArea(dir.resolve("landing"), clock);
        Path a = Files.writeString(dir.resolve("contacts_2025-01.csv"), "a;b\r\n1;2\r\n", StandardCharsets.UTF_8);
        Path b = Files.copy(a, dir.resolve("copie de contacts.csv"));

        LandingArea.Landing first = landing.land("gem-x", "gem-x.peer_contacts", a);
        LandingArea.Landing second = landing.land("gem-x", "gem-x.peer_contacts", a);
        LandingArea.Landing renamed = landing.land("gem-x", "gem-x.peer_contacts", b);

        assertThat(first.newlyLanded()).isTrue();
        assertThat(second.newlyLanded()).isFalse();
        assertThat(renamed.newlyLanded()).isFalse();
        assertThat(landing.files("gem-x")).hasSize(1);
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(a)));
        LandedFile landed = landing.files("gem-x").get(0);
        assertThat(landed.sha256()).isEqualTo(expectedSha);
        assertThat(landed.path().getFileName().toString()).isEqualTo(expectedSha + ".csv");
        assertThat(Files.readAllBytes(landed.path())).isEqualTo(Files.readAllBytes(a));
        assertThat(landed.sourceName()).isEqualTo("contacts_2025-01.csv");
        assertThat(landed.pulledAt()).isEqualTo(clock.instant());
        assertThat(landed.size()).isEqualTo(Files.size(a));
        try (var list = Files.list(dir.resolve("landing/gem-x"))) {
            assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void testDifferentBytesLandAsTwoFilesInManifestOrder() throws Exception {
        LandingArea landing = new LandingArea(dir.resolve("landing"), clock);
        Path a = Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "x\n2\n");
        landing.land("p", "p.f", a);
        landing.land("p", "p.f", b);
        assertThat(landing.files("p", "p.f")).extracting(LandedFile::sourceName).containsExactly("a.csv", "b.csv");
        assertThat(landing.files("p", "other")).isEmpty();
    }
}
