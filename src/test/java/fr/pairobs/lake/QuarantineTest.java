package fr.pairobs.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuarantineTest {
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "ab" + "0".repeat(62);
    private static final String SHA_C = "c".repeat(64);

    @TempDir
    Path lake;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-04-01T02:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void testFileStaysQuarantinedAcrossNightsWithItsFirstDateUntilReleased() {
        Quarantine quarantine = new Quarantine(lake, clock);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_A, "c_2026-T1.csv", "2026-T1", "too many rejects\nline 9", 7);
        now.set(Instant.parse("2026-04-02T02:00:00Z"));
        Quarantine.Entry again = quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_A, "c_2026-T1.csv", "2026-T1",
                "too many rejects", 8);

        assertThat(again.since()).isEqualTo(Instant.parse("2026-04-01T02:00:00Z"));
        // a new process reads the same state
        Quarantine reread = new Quarantine(lake, clock);
        assertThat(reread.open()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("too many rejects");
            assertThat(e.jobExecutionId()).isEqualTo(8);
        });
        assertThat(reread.isQuarantined("p1", SHA_A)).isTrue();
        assertThat(reread.isQuarantined("p2", SHA_A)).isFalse();

        assertThat(reread.release("p1", "aaaa").sha256()).isEqualTo(SHA_A);
        assertThat(reread.open()).isEmpty();
        assertThat(reread.ledger()).extracting(r -> r.get("action")).containsExactly("quarantined", "quarantined", "released");
    }

    @Test
    void testAmbiguousOrUnknownPrefixIsRefusedWithoutChangingAnything() {
        Quarantine quarantine = new Quarantine(lake, clock);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_A, "a.csv", "2026-T1", "bad header", 1);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_B, "b.csv", "2026-T2", "bad header", 1);

        assertThatThrownBy(() -> quarantine.discard("p1", "a")).hasMessageContaining("matches 2 quarantined files");
        assertThatThrownBy(() -> quarantine.release("p1", "ff")).hasMessageContaining("no quarantined file of partner p1");
        assertThatThrownBy(() -> quarantine.release("p2", "aa")).hasMessageContaining("no quarantined file of partner p2");
        assertThat(quarantine.open()).hasSize(2);
        assertThat(quarantine.discard("p1", "ab").sourceName()).isEqualTo("b.csv");
        assertThat(quarantine.open()).extracting(Quarantine.Entry::sha256).containsExactly(SHA_A);
    }

    @Test
    void testSourceLeavesWhenReachableAndFileWhenSupersededForItsPeriodOnly() {
        Quarantine quarantine = new Quarantine(lake, clock);
        quarantine.quarantineSource("p1", "p1.contacts", "peer_contacts", "sftp://host:22/exports", "connection refused", 3);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_A, "a.csv", "2026-T1", "bad", 3);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_B, "b.csv", "2026-T2", "bad", 3);

        assertThat(quarantine.sourceReachable("p1", "p1.other")).isEmpty();
        assertThat(quarantine.sourceReachable("p1", "p1.contacts")).isPresent();
        assertThat(quarantine.supersede("p1", "p1.contacts", "2026-T1", SHA_C)).extracting(Quarantine.Entry::sha256).containsExactly(SHA_A);
        assertThat(quarantine.supersede("p1", "p1.contacts", "2026-T3", SHA_C)).isEmpty();
        assertThat(quarantine.open()).extracting(Quarantine.Entry::sha256).containsExactly(SHA_B);
        assertThat(quarantine.ledger()).extracting(r -> r.get("action")).containsExactly("quarantined", "quarantined", "quarantined",
                "reachable", "superseded by " + SHA_C);
    }

    @Test
    void testOpenListIsReplacedWholeAndHoldsNoTemporaryFile() throws Exception {
        Quarantine quarantine = new Quarantine(lake, clock);
        quarantine.quarantineFile("p1", "p1.contacts", "peer_contacts", SHA_A, "a \"quoted\", name.csv", "", "reason, with comma", 1);
        Path open = Quarantine.openFile(lake);
        assertThat(Files.readAllLines(open).get(0)).isEqualTo(String.join(",", Quarantine.OPEN_HEADER));
        assertThat(new Quarantine(lake, clock).open()).singleElement()
                .satisfies(e -> assertThat(e.sourceName()).isEqualTo("a \"quoted\", name.csv"));
        try (var files = Files.list(open.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("open.csv", "ledger.csv", ".lock");
        }
    }
}
