package fr.pairobs.ingest;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.PseudonymizationStageTest.hmac;
import static fr.pairobs.ingest.RowStageFixtures.RUN_DATE;
import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static fr.pairobs.ingest.RowStageFixtures.header;
import static fr.pairobs.ingest.RowStageFixtures.lineage;
import static fr.pairobs.ingest.RowStageFixtures.pseudonymizer;
import static fr.pairobs.ingest.RowStageFixtures.row;
import static fr.pairobs.ingest.RowStageFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowNormalizerTest {
    static final Instant PULLED_AT = Instant.parse("2025-04-02T01:30:00Z");

    static RowNormalizer normalizer(FeedSpec feed) {
        return new RowNormalizer(feed, dataset(feed), pseudonymizer(), lineage(feed), RUN_DATE);
    }

    @Test
    void testAPersonRowBecomesALakeRowInTheOrderOfTheLakeSchema() throws Exception {
        FeedSpec feed = feed("ch-le-vinatier.peer_contacts");
        SourceHeader header = header(ValidationStageTest.CONTACTS.names().toArray(String[]::new));
        Object[] out = normalizer(feed).process(row(header, 2, ValidationStageTest.CONTACT));
        String traits = hmac("traits:DUPONTMARIE|1980-02-03|F");
        assertThat(out).containsExactly("C1", "MSP01", "690780648", LocalDate.of(2025, 2, 3), "individual", 45, "ward",
                traits, "k1", traits, "F", 1980, "69",
                "ch-le-vinatier", "ch-le-vinatier.peer_contacts", "ab".repeat(32), 2L, "2025-T1", PULLED_AT, 42L);
    }

    @Test
    void testAReferenceRowIsMappedAndRowsOutsideTheFiltersAreFiltered() {
        FeedSpec feed = feed("finess.structures");
        RowNormalizer normalizer = normalizer(feed);
        SourceHeader header = header("structureet", "nofinesset", "rs", "categetab", "departement", "commune", "dateouv");
        assertThat(normalizer.process(row(header, 2, "nofinesset=690780648", "rs=CH Le Vinatier", "categetab=292", "departement=69",
                "commune=389", "dateouv=1970-01-01"))).containsExactly("690780648", "CH Le Vinatier", "CHS", "69", "69389",
                LocalDate.of(1970, 1, 1), null, "finess", "finess.structures", "ab".repeat(32), 2L, "2025-T1", PULLED_AT, 42L);
        assertThat(normalizer.process(row(header, 3, "nofinesset=690000001", "rs=CHU", "categetab=101", "departement=69"))).isNull();
    }

    @Test
    void testARowAfterARejectedOneStartsEmpty() {
        FeedSpec feed = feed("ch-le-vinatier.peer_contacts");
        RowNormalizer normalizer = normalizer(feed);
        SourceHeader header = header(ValidationStageTest.CONTACTS.names().toArray(String[]::new));
        // refused by the pseudonymization, after the fields were written
        assertThatThrownBy(() -> normalizer.process(row(header, 2, with(ValidationStageTest.CONTACT,
                "Département de résidence=99")))).isInstanceOf(RowRejectedException.class)
                .hasMessage("line 2, column 'Département de résidence': unknown département code, found 2 digits");
        Object[] next = normalizer.process(row(header, 3, with(ValidationStageTest.CONTACT, "Matricule MSP=")));
        assertThat(next[0]).isEqualTo("C1");
        assertThat(next[1]).isNull();
        assertThat(next[16]).isEqualTo(3L);
    }
}
