package fr.pairobs.ingest;

import org.junit.jupiter.api.Test;

import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeRowTest {
    static final LakeRow.Columns CONTACTS = LakeRow.Columns.of(dataset(feed("ch-le-vinatier.peer_contacts")));
    static final LakeRow.Columns GRANTS = LakeRow.Columns.of(dataset(feed("ars-ara.funding")));

    @Test
    void testColumnsAreTheLakeSchemasFieldsPersonAndLineageColumns() {
        assertThat(CONTACTS.names()).containsExactly("contact_id", "worker_code", "structure_id", "contact_on", "modality", "minutes",
                "setting", "person_key", "person_key_id", "traits_key", "sex", "birth_year", "residence_dept", "_partner", "_feed",
                "_source_sha256", "_source_line", "_period", "_pulled_at", "_job_execution_id");
        assertThat(CONTACTS.index("contact_id")).isZero();
        assertThat(CONTACTS.index("person_key")).isEqualTo(7);
        assertThat(CONTACTS.index("_job_execution_id")).isEqualTo(19);
        assertThat(GRANTS.size()).isEqualTo(17);
        assertThat(GRANTS.index("_partner")).isEqualTo(10);
    }

    @Test
    void testAColumnTheDatasetDoesNotHaveIsAProgrammingError() {
        assertThatThrownBy(() -> GRANTS.index("person_key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lake dataset funding has no column 'person_key'; its columns are [grant_id, funder, ");
    }

    @Test
    void testTheNextRowStartsEmptyAndLeavesTheRowHandedOverAsItWas() {
        LakeRow row = new LakeRow(GRANTS);
        row.set(GRANTS.index("grant_id"), "D1");
        Object[] handedOver = row.values();
        row.next();
        assertThat(row.get("grant_id")).isNull();
        assertThat(row.values()).hasSize(17).containsOnlyNulls().isNotSameAs(handedOver);
        row.set(GRANTS.index("grant_id"), "D2");
        assertThat(handedOver[0]).isEqualTo("D1");
        assertThat(row.get(0)).isEqualTo("D2");
    }
}
