package fr.pairobs.warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.pseudo.PseudonymKey;

import static fr.pairobs.warehouse.FixtureLake.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking path: a lake whose warehouse fails a blocking check (a RIM-P sequence ending before it
 * starts) goes through the nightly job, real job repository and all, and nothing is published.
 */
class BlockingCheckTest {
    @TempDir
    Path home;

    @Test
    void testAFailingBlockingCheckStopsThePublish() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        FixtureLake lake = new FixtureLake(home);
        lake.add("peer_contacts", "ch-le-vinatier", "2024-T1", Map.of("person_key", key(1), "contact_id", "C1",
                "structure_id", "690780648", "contact_on", LocalDate.of(2024, 2, 1), "modality", "individual"));
        Map<String, Object> backwards = new HashMap<>(Map.of("person_key", key(1), "finess", "690780648", "stay_no", "S1",
                "sequence_no", 1, "stay_start_on", LocalDate.of(2024, 3, 1), "sequence_start_on", LocalDate.of(2024, 3, 10),
                "sequence_end_on", LocalDate.of(2024, 3, 5), "activity_form", "01", "legal_mode", "1", "days_present", 0));
        lake.add("hospital_stays", "ch-le-vinatier", "2024", backwards);
        lake.writeBatches();
        // every partner's inbox exists and is empty: the night pulls nothing and builds from the lake above
        for (String partner : fr.pairobs.feed.SpecCatalog.load(Path.of("config"), Path.of("jobs")).partners().keySet()) {
            Files.createDirectories(home.resolve("inbox").resolve(partner));
        }
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.ingest.chunk-size=1000")) {
            JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 5), null);
            assertThat(outcome.exitCode()).as(outcome.message()).isNotZero();
            assertThat(outcome.message()).contains("blocking quality check(s) failed").contains("chk_plausibility_sequence_dates");
        }
        assertThat(Files.exists(home.resolve("warehouse/current.duckdb"))).as("nothing published").isFalse();
    }
}
