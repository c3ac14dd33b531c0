package fr.pairobs.batch;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ItemStreamException;

import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.ingest.SourceFileException;
import fr.pairobs.lake.LakeBatch;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.Quarantine;

import static org.assertj.core.api.Assertions.assertThat;

class FileQuarantineTest {
    private static final String SHA = "5".repeat(64);

    @TempDir
    Path home;

    @Test
    void testOnlyWhatTheFileHoldsOrItsUnreadableLandedCopyIsThePartnersFault() {
        Path landed = home.resolve("landing/p1/" + SHA + ".csv");
        assertThat(FileQuarantine.partnerFault(List.of(new ItemStreamException("open failed",
                new SourceFileException("a.csv: line 1: missing column(s) [Date]"))), landed))
                .hasValueSatisfying(t -> assertThat(t).hasMessageContaining("missing column"));
        assertThat(FileQuarantine.partnerFault(List.of(new IngestTasklet.TooManyRejectsException("a.csv: more than 3 rejected rows",
                new RuntimeException())), landed)).isPresent();
        assertThat(FileQuarantine.partnerFault(List.of(new ItemStreamException("x", new NoSuchFileException(landed.toString()))), landed))
                .hasValueSatisfying(t -> assertThat(t).hasMessageContaining("cannot be read"));
        // the lake or the rejects unwritable, or any other fault, is this machine's: the step fails and is restarted
        assertThat(FileQuarantine.partnerFault(List.of(new ItemStreamException("x",
                new AccessDeniedException(home.resolve("lake/peer_contacts").toString()))), landed)).isEmpty();
        assertThat(FileQuarantine.partnerFault(List.of(new IllegalStateException("injected fault")), landed)).isEmpty();
        assertThat(FileQuarantine.partnerFault(List.of(), landed)).isEmpty();
    }

    @Test
    void testReleaseReQueuesTheFileWithoutItsStagingBatchOrRejects() throws Exception {
        LakeLayout lake = new LakeLayout(home.resolve("lake"));
        Quarantine ledger = new Quarantine(lake.root(), Clock.systemUTC());
        FileQuarantine quarantine = new FileQuarantine(ledger, SpecCatalog.load(Path.of("config"), Path.of("jobs")), lake,
                home.resolve("rejects"));
        ledger.quarantineFile("ch-le-vinatier", "ch-le-vinatier.peer_contacts", "peer_contacts", SHA, "contacts_msp_2026-T1.csv",
                "2026-T1", "more than 3 rejected rows", 1);
        LakeBatch batch = lake.batch(home.resolve("rejects"), "peer_contacts", "ch-le-vinatier", SHA);
        Files.createDirectories(batch.staging());
        Files.writeString(batch.rangesFile(), "0 1 0 10 0\n");
        Files.createDirectories(batch.rejectsDir());
        Files.writeString(batch.rejectsFile(""), "file\n");

        Quarantine.Entry released = quarantine.release("ch-le-vinatier", SHA.substring(0, 8));

        assertThat(released.sourceName()).isEqualTo("contacts_msp_2026-T1.csv");
        assertThat(ledger.open()).isEmpty();
        assertThat(batch.staging()).doesNotExist();
        assertThat(batch.rejectsDir()).doesNotExist();
        assertThat(ledger.ledger()).extracting(r -> r.get("action")).containsExactly("quarantined", "released");
    }
}
