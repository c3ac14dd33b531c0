package fr.pairobs.ingest;

import org.junit.jupiter.api.Test;

import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static fr.pairobs.ingest.RowStageFixtures.header;
import static fr.pairobs.ingest.RowStageFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingStageTest {
    static final FeedSpec VINATIER = feed("ch-le-vinatier.peer_contacts");
    static final FeedSpec FINESS = feed("finess.structures");
    static final FeedSpec CONSTELLATION = feed("gem-constellation.peer_contacts");

    static MappingStage mapping(FeedSpec feed) {
        return new MappingStage(feed, dataset(feed));
    }

    @Test
    void testFieldsAreReadFromTheirPartnerColumnsWhateverTheColumnOrderAndSpelling() {
        MappingStage mapping = mapping(VINATIER);
        SourceHeader header = header("LIEU", "Durée (min)", "modalite", " Date du contact ", "N° contact", "FINESS", "Matricule MSP");
        SourceRow row = row(header, 2, "LIEU=Unité", "Durée (min)= 45 ", "modalite=Individuel", " Date du contact =03/02/2025",
                "N° contact=C1", "FINESS=690780648");
        MappedHeader bound = mapping.bind(header);
        assertThat(bound.text(row, mapping.field("contact_id"))).isEqualTo("C1");
        assertThat(bound.text(row, mapping.field("contact_on"))).isEqualTo("03/02/2025");
        assertThat(bound.text(row, mapping.field("modality"))).isEqualTo("Individuel");
        assertThat(bound.text(row, mapping.field("minutes"))).isEqualTo("45");
        assertThat(bound.text(row, mapping.field("setting"))).isEqualTo("Unité");
        // a blank value is a missing one
        assertThat(bound.text(row, mapping.field("worker_code"))).isNull();
        assertThat(mapping.column(mapping.field("minutes"))).isEqualTo("Durée (min)");
    }

    @Test
    void testAFieldWhoseColumnTheHeaderLacksIsMissing() {
        MappingStage mapping = mapping(VINATIER);
        SourceHeader header = header("N° contact", "Lieu");
        assertThat(mapping.bind(header).text(row(header, 2, "N° contact=C1", "Lieu=CMP"), mapping.field("modality"))).isNull();
    }

    @Test
    void testATemplateJoinsItsColumnsAndIsMissingWhenOneOfThemIs() {
        MappingStage mapping = mapping(FINESS);
        SourceHeader header = header("nofinesset", "commune", "departement");
        MappedHeader bound = mapping.bind(header);
        int commune = mapping.field("commune");
        assertThat(bound.text(row(header, 2, "commune=123", "departement=69"), commune)).isEqualTo("69123");
        assertThat(bound.text(row(header, 3, "commune=004", "departement=2A"), commune)).isEqualTo("2A004");
        assertThat(bound.text(row(header, 4, "departement=69"), commune)).isNull();
        assertThat(mapping.column(commune)).isEqualTo("{departement}{commune}");
    }

    @Test
    void testAConstantFieldGivesTheFeedsConstantAndIsNamedAsAConstant() {
        MappingStage mapping = mapping(CONSTELLATION);
        SourceHeader header = header("id", "date_activite");
        int structure = mapping.field("structure_id");
        assertThat(mapping.bind(header).text(row(header, 2, "id=7"), structure)).isEqualTo("OBS-GEM-CONSTELLATION");
        assertThat(mapping.column(structure)).isEqualTo("(constant structure_id)");
    }

    @Test
    void testRowsOutsideTheFeedsFiltersAreNotForTheDataset() {
        MappingStage mapping = mapping(FINESS);
        SourceHeader header = header("nofinesset", "categetab", "departement");
        MappedHeader bound = mapping.bind(header);
        assertThat(bound.accepts(row(header, 2, "categetab=292", "departement=69"))).isTrue();
        assertThat(bound.accepts(row(header, 3, "categetab= 156 ", "departement=01"))).isTrue();
        // a category outside mental health, a département outside the region, no category
        assertThat(bound.accepts(row(header, 4, "categetab=101", "departement=69"))).isFalse();
        assertThat(bound.accepts(row(header, 5, "categetab=355", "departement=75"))).isFalse();
        assertThat(bound.accepts(row(header, 6, "categetab=355"))).isFalse();
        // a feed without filters takes every row
        SourceHeader contacts = header("N° contact");
        assertThat(mapping(VINATIER).bind(contacts).accepts(row(contacts, 2))).isTrue();
    }

    @Test
    void testAHeaderIsBoundOnceAndAnotherHeaderRebinds() {
        MappingStage mapping = mapping(VINATIER);
        SourceHeader first = header("N° contact", "Lieu");
        SourceHeader second = header("Lieu", "N° contact");
        MappedHeader bound = mapping.bind(first);
        assertThat(mapping.bind(first)).isSameAs(bound);
        MappedHeader rebound = mapping.bind(second);
        assertThat(rebound).isNotSameAs(bound);
        assertThat(rebound.text(row(second, 2, "Lieu=CMP", "N° contact=C9"), mapping.field("contact_id"))).isEqualTo("C9");
    }

    @Test
    void testEachHeaderColumnIsKnownByTheFieldItFeedsAndIdentityColumnsAsPerson() {
        MappingStage mapping = mapping(VINATIER);
        MappedHeader bound = mapping.bind(header("N° contact", "NIR", "Remarque", "Nom", ""));
        assertThat(bound.width()).isEqualTo(5);
        assertThat(bound.fieldOfColumn(0)).isEqualTo("contact_id");
        assertThat(bound.fieldOfColumn(1)).isEqualTo("person");
        assertThat(bound.fieldOfColumn(2)).isEqualTo("-");
        assertThat(bound.fieldOfColumn(3)).isEqualTo("person");
        assertThat(bound.isIdentityColumn(0)).isFalse();
        assertThat(bound.isIdentityColumn(1)).isTrue();
        assertThat(bound.isIdentityColumn(2)).isFalse();
        assertThat(bound.isIdentityColumn(3)).isTrue();
        assertThat(bound.columnName(2)).isEqualTo("Remarque");
        assertThat(bound.columnName(4)).isEqualTo("(field 5)");
        assertThat(bound.columnName(5)).isEqualTo("(field 6)");
    }

    @Test
    void testIdentityValuesAreReadFromTheFeedsIdentityColumns() {
        SourceHeader header = header("Sexe", "Nom", "Prénom", "NIR", "Date de naissance", "Département de résidence");
        SourceRow row = row(header, 2, "Sexe=F", "Nom=Dupont", "Prénom=Marie", "NIR=180026912345644", "Date de naissance=03/02/1980",
                "Département de résidence=69");
        MappedHeader bound = mapping(VINATIER).bind(header);
        assertThat(bound.hasTraits()).isTrue();
        assertThat(bound.nir(row)).isEqualTo("180026912345644");
        assertThat(bound.lastName(row)).isEqualTo("Dupont");
        assertThat(bound.firstName(row)).isEqualTo("Marie");
        assertThat(bound.birthDate(row)).isEqualTo("03/02/1980");
        assertThat(bound.sex(row)).isEqualTo("F");
        assertThat(bound.residence(row)).isEqualTo("69");
        // CH Le Vinatier has no pseudonym column
        assertThat(bound.pseudonym(row)).isNull();

        SourceHeader members = header("Réf", "Code adhérent", "Dépt");
        MappedHeader asso = mapping(feed("asso-rehab.peer_contacts")).bind(members);
        SourceRow member = row(members, 2, "Réf=R1", "Code adhérent=A-17", "Dépt=38");
        assertThat(asso.hasTraits()).isFalse();
        assertThat(asso.pseudonym(member)).isEqualTo("A-17");
        assertThat(asso.nir(member)).isNull();
        assertThat(asso.residence(member)).isEqualTo("38");
        assertThat(asso.isIdentityColumn(1)).isTrue();
    }

    @Test
    void testExpectedColumnsAreTheMappedTemplatedFilterAndIdentityColumns() {
        assertThat(MappingStage.expectedColumns(VINATIER)).containsExactlyInAnyOrder("N° contact", "Matricule MSP", "FINESS",
                "Date du contact", "Modalité", "Durée (min)", "Lieu", "NIR", "Nom", "Prénom", "Date de naissance", "Sexe",
                "Département de résidence");
        assertThat(MappingStage.expectedColumns(VINATIER)).endsWith("NIR", "Nom", "Prénom", "Date de naissance", "Sexe",
                "Département de résidence");
        // the template's two columns, and the filter columns again
        assertThat(MappingStage.expectedColumns(FINESS)).containsExactlyInAnyOrder("nofinesset", "rs", "categetab", "departement",
                "departement", "commune", "dateouv", "categetab", "departement");
        assertThat(RowNormalizer.expectedColumns(FINESS)).isEqualTo(MappingStage.expectedColumns(FINESS));
    }

    @Test
    void testAFieldTheDatasetDoesNotHaveIsAProgrammingError() {
        assertThatThrownBy(() -> mapping(VINATIER).field("person_key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feed ch-le-vinatier.peer_contacts maps no field 'person_key' of dataset peer_contacts");
    }
}
