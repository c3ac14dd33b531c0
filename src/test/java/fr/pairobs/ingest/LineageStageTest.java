package fr.pairobs.ingest;

import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static fr.pairobs.ingest.RowStageFixtures.header;
import static fr.pairobs.ingest.RowStageFixtures.lineage;
import static fr.pairobs.ingest.RowStageFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

class LineageStageTest {
    static final Object[] LINEAGE = {"ars-ara", "ars-ara.funding", "ab".repeat(32), 7L, "2025-T1", Instant.parse("2025-04-02T01:30:00Z"),
            42L};

    @Test
    void testLineageClosesTheRowOfAReferenceDataset() {
        FeedSpec grants = feed("ars-ara.funding");
        LakeRow out = new LakeRow(LakeRow.Columns.of(dataset(grants)));
        new LineageStage(lineage(grants), out.columns()).stamp(row(header("N° dossier"), 7, "N° dossier=D1"), out);
        // ten canonical fields, then the lineage
        Object[] expected = new Object[17];
        System.arraycopy(LINEAGE, 0, expected, 10, 7);
        assertThat(out.values()).containsExactly(expected);
    }

    @Test
    void testLineageFollowsThePersonColumnsOfAPersonDataset() {
        FeedSpec contacts = feed("ch-le-vinatier.peer_contacts");
        LakeRow out = new LakeRow(LakeRow.Columns.of(dataset(contacts)));
        new LineageStage(lineage(contacts), out.columns()).stamp(row(header("N° contact"), 1234567890123L), out);
        // seven canonical fields and six person columns, then the lineage
        assertThat(Arrays.copyOf(out.values(), 13)).containsOnlyNulls();
        assertThat(Arrays.copyOfRange(out.values(), 13, 20)).containsExactly("ch-le-vinatier", "ch-le-vinatier.peer_contacts",
                "ab".repeat(32), 1234567890123L, "2025-T1", Instant.parse("2025-04-02T01:30:00Z"), 42L);
        assertThat(out.get("_source_line")).isEqualTo(1234567890123L);
        assertThat(out.get("_job_execution_id")).isEqualTo(42L);
    }

    @Test
    void testAPeriodNotKnownIsLeftEmpty() {
        FeedSpec grants = feed("ars-ara.funding");
        LakeRow out = new LakeRow(LakeRow.Columns.of(dataset(grants)));
        BatchLineage noPeriod = new BatchLineage("ars-ara", "ars-ara.funding", "0".repeat(64), null, Instant.EPOCH, 1);
        new LineageStage(noPeriod, out.columns()).stamp(row(header("N° dossier"), 2), out);
        assertThat(out.get("_period")).isNull();
        assertThat(out.get("_partner")).isEqualTo("ars-ara");
        assertThat(out.get("_pulled_at")).isEqualTo(Instant.EPOCH);
    }
}
