package fr.pairobs.ingest;

import java.time.LocalDate;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.RowStageFixtures.RUN_DATE;
import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static fr.pairobs.ingest.RowStageFixtures.header;
import static fr.pairobs.ingest.RowStageFixtures.row;
import static fr.pairobs.ingest.RowStageFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

class ValidationStageTest {
    static final SourceHeader CONTACTS = header("N° contact", "Matricule MSP", "FINESS", "Date du contact", "Modalité", "Durée (min)",
            "Lieu", "NIR", "Nom", "Prénom", "Date de naissance", "Sexe", "Département de résidence");
    static final String[] CONTACT = {"N° contact=C1", "Matricule MSP=MSP01", "FINESS=690780648", "Date du contact=03/02/2025",
            "Modalité=Individuel", "Durée (min)=45", "Lieu=Unité", "Nom=Dupont", "Prénom=Marie", "Date de naissance=03/02/1980", "Sexe=F",
            "Département de résidence=69"};
    static final SourceHeader GRANTS = header("N° dossier", "Financeur", "Type de financeur", "FINESS / code", "Exercice", "Montant (€)",
            "Modalité", "Objet", "Début", "Fin");
    static final String[] GRANT = {"N° dossier=D-2025-01", "Financeur=ARS Auvergne-Rhône-Alpes", "Type de financeur=ARS FIR",
            "FINESS / code=690780648", "Exercice=2025", "Montant (€)=45 000,50", "Modalité=CPOM pluriannuel", "Objet=Postes"};

    /** The validation stage of one feed, as a normalizer holds it: one per step, rows in file order. */
    static final class Stage {
        final MappingStage mapping;
        final ValidationStage validation;
        final LakeRow.Columns columns;

        Stage(String feedName) {
            FeedSpec feed = feed(feedName);
            DatasetSpec dataset = dataset(feed);
            this.columns = LakeRow.Columns.of(dataset);
            this.mapping = new MappingStage(feed, dataset);
            this.validation = new ValidationStage(feed, dataset, mapping, columns, RUN_DATE);
        }

        LakeRow validate(SourceRow row) {
            LakeRow out = new LakeRow(columns);
            validation.validate(row, mapping.bind(row.header()), out);
            return out;
        }

        String outcome(SourceRow row) {
            return RowStageFixtures.outcome(() -> validate(row));
        }
    }

    static SourceRow contact(long line, String... changes) {
        return row(CONTACTS, line, with(CONTACT, changes));
    }

    static SourceRow grant(long line, String... changes) {
        return row(GRANTS, line, with(GRANT, changes));
    }

    @Test
    void testAValidRowGivesTypedCanonicalFieldsInTheirNamedColumns() {
        LakeRow row = new Stage("ch-le-vinatier.peer_contacts").validate(contact(2, "FINESS=69078064", "Date du contact=3/2/2025",
                "Durée (min)=45,0"));
        assertThat(row.get("contact_id")).isEqualTo("C1");
        assertThat(row.get("worker_code")).isEqualTo("MSP01");
        // a FINESS a spreadsheet stripped of its leading zero
        assertThat(row.get("structure_id")).isEqualTo("069078064");
        assertThat(row.get("contact_on")).isEqualTo(LocalDate.of(2025, 2, 3));
        assertThat(row.get("modality")).isEqualTo("individual");
        assertThat(row.get("minutes")).isEqualTo(45);
        assertThat(row.get("setting")).isEqualTo("ward");
        // the person and lineage columns are the later stages'
        assertThat(row.get("person_key")).isNull();
        assertThat(row.get("_partner")).isNull();
        assertThat(Arrays.asList(row.values())).doesNotContain("Dupont", "Marie", "69");
    }

    @Test
    void testAnOptionalFieldMayBeMissingARequiredOneMayNot() {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        LakeRow row = stage.validate(contact(2, "Matricule MSP=", "Durée (min)= ", "Lieu="));
        assertThat(row.get("worker_code")).isNull();
        assertThat(row.get("minutes")).isNull();
        assertThat(row.get("setting")).isNull();
        assertThat(stage.outcome(contact(3, "Date du contact="))).isEqualTo("3|Date du contact|contact_on|required value is missing");
        // a constant stands for the column of a feed that has none
        Stage constellation = new Stage("gem-constellation.peer_contacts");
        SourceHeader journal = header("id", "date_activite", "format", "duree_minutes", "lieu", "pair_aidant", "nom", "prenom",
                "date_naissance", "genre", "departement");
        LakeRow activity = constellation.validate(row(journal, 2, "id=17", "date_activite=2025-03-04", "format=collectif", "lieu=gem"));
        assertThat(activity.get("structure_id")).isEqualTo("OBS-GEM-CONSTELLATION");
        assertThat(activity.get("modality")).isEqualTo("group");
        assertThat(constellation.outcome(row(journal, 3, "date_activite=2025-03-04", "format=collectif")))
                .isEqualTo("3|id|contact_id|required value is missing");
    }

    @Test
    void testAnUnknownPartnerValueIsDescribedByItsShapeInPersonDataAndQuotedInReferenceData() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.outcome(contact(2, "Modalité=Atelier")))
                .startsWith("2|Modalité|modality|unknown value, found 7 letters; expected one of [")
                .contains("Individuel", "Aller-vers").doesNotContain("Atelier");
        // the canonical code itself is accepted in place of the partner's word
        assertThat(contacts.validate(contact(3, "Modalité=outreach")).get("modality")).isEqualTo("outreach");
        assertThat(new Stage("ars-ara.funding").outcome(grant(2, "Type de financeur=Mairie")))
                .startsWith("2|Type de financeur|funder_type|unknown value, found 'Mairie'; expected one of [");
    }

    @Test
    void testCodesArePaddedThenCheckedAgainstTheirPatternAndList() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.outcome(contact(2, "FINESS=ABC-12"))).isEqualTo("2|FINESS|structure_id|6 characters: letters, digits and '-' "
                + "does not have the expected format ^(\\d{9}|2[AB]\\d{7}|OBS-[A-Z0-9-]+)$");
        assertThat(new Stage("ars-ara.funding").outcome(grant(2, "FINESS / code=ABC-12"))).isEqualTo("2|FINESS / code|structure_id|"
                + "'ABC-12' does not have the expected format ^(\\d{9}|2[AB]\\d{7}|OBS-[A-Z0-9-]+)$");

        Stage stays = new Stage("ch-le-vinatier.hospital_stays");
        SourceHeader header = header("FINESS", "N° séjour", "N° séquence", "Date d'entrée", "Début séquence", "Fin séquence",
                "Forme d'activité", "Mode légal", "Jours de présence", "Demi-journées", "Jours d'isolement", "NIR", "Nom", "Prénom",
                "Date de naissance", "Sexe", "Département de résidence");
        String[] stay = {"FINESS=690780648", "N° séjour=S1", "N° séquence=1", "Date d'entrée=02/01/2025", "Début séquence=02/01/2025",
                "Forme d'activité=1", "Mode légal=1", "Jours de présence=12"};
        assertThat(stays.validate(row(header, 2, stay)).get("activity_form")).isEqualTo("01");
        assertThat(stays.outcome(row(header, 3, with(stay, "Mode légal=2"))))
                .isEqualTo("3|Mode légal|legal_mode|unknown code, found 1 digit; expected one of [1, 3, 4, 5, 6, 7, 8]");
    }

    @Test
    void testANumberOutOfItsRangeIsNamedInReferenceDataOnly() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.validate(contact(2, "Durée (min)=720")).get("minutes")).isEqualTo(720);
        assertThat(contacts.outcome(contact(3, "Durée (min)=721"))).isEqualTo("3|Durée (min)|minutes|a number is above the maximum 720");
        assertThat(contacts.outcome(contact(4, "Durée (min)=0"))).isEqualTo("4|Durée (min)|minutes|a number is below the minimum 1");
        assertThat(contacts.outcome(contact(5, "Durée (min)=une heure")))
                .isEqualTo("5|Durée (min)|minutes|expected a whole number, found 9 characters: letters and spaces");

        Stage grants = new Stage("ars-ara.funding");
        LakeRow grant = grants.validate(grant(2));
        assertThat(grant.get("amount_eur")).isEqualTo(45000.5);
        assertThat(grant.get("year")).isEqualTo(2025);
        assertThat(grants.outcome(grant(3, "Montant (€)=-5"))).isEqualTo("3|Montant (€)|amount_eur|-5.0 is below the minimum 0");
        assertThat(grants.outcome(grant(4, "Exercice=2036"))).isEqualTo("4|Exercice|year|2036 is above the maximum 2035");
    }

    @Test
    void testADateAfterTheRunDateOrBeforeTheEarliestIsRefused() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.validate(contact(2, "Date du contact=2026-01-01")).get("contact_on")).isEqualTo(RUN_DATE);
        assertThat(contacts.outcome(contact(3, "Date du contact=02/01/2026")))
                .isEqualTo("3|Date du contact|contact_on|a date in 2026 is after the latest accepted 2026-01-01 (today)");
        assertThat(contacts.outcome(contact(4, "Date du contact=31/12/2014")))
                .isEqualTo("4|Date du contact|contact_on|a date in 2014 is before the earliest accepted 2015-01-01");
        assertThat(contacts.outcome(contact(5, "Date du contact=31/02/2025")))
                .isEqualTo("5|Date du contact|contact_on|expected a date like 31/12/2024 or 2024-12-31, found 10 characters: digits and '/'");

        Stage workers = new Stage("observatoire.peer_workers");
        SourceHeader header = header("Poste", "Structure", "Code salarié", "Fonction", "Contrat", "ETP", "Début", "Fin", "Formation",
                "Financement");
        String[] position = {"Poste=P1", "Structure=690780648", "Code salarié=W1", "Fonction=MSP", "Contrat=CDI", "ETP=0,8",
                "Formation=Aucune"};
        assertThat(workers.outcome(row(header, 2, with(position, "Début=02/01/2026"))))
                .isEqualTo("2|Début|start_on|date 2026-01-02 is after the latest accepted 2026-01-01 (today)");
        assertThat(workers.outcome(row(header, 3, with(position, "Début=31/12/1999"))))
                .isEqualTo("3|Début|start_on|date 1999-12-31 is before the earliest accepted 2000-01-01");
    }

    @Test
    void testARowWithAnotherFieldCountThanTheHeaderIsRefusedBeforeItsFields() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        String[] values = contact(2, "N° contact=").values();
        assertThat(contacts.outcome(new SourceRow(CONTACTS, 2, Arrays.copyOf(values, 12)))).isEqualTo("2|(missing after field 12)|-|the row "
                + "has 12 fields, the header 13: a delimiter is missing or extra in this row, so its values would land in the wrong columns");
        assertThat(contacts.outcome(new SourceRow(CONTACTS, 3, Arrays.copyOf(values, 15)))).isEqualTo("3|(field 14 and after)|-|the row "
                + "has 15 fields, the header 13: a delimiter is missing or extra in this row, so its values would land in the wrong columns");
    }

    @Test
    void testControlCharactersAreRefusedNamingTheFieldTheColumnFeeds() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.outcome(contact(2, "Lieu=Un\u000Cité"))).isEqualTo("2|Lieu|setting|control character U+000C at character 3 "
                + "of 6; a text export holds none (is the file binary, or in another encoding?)");
        assertThat(contacts.outcome(contact(3, "Nom=Du\u0085pont"))).isEqualTo("3|Nom|person|control character U+0085 at character 3 "
                + "of 7; a text export holds none (is the file binary, or in another encoding?)");
        LakeRow text = contacts.validate(contact(4, "Matricule MSP=MSP\t01", "Nom=Du\r\npont"));
        assertThat(text.get("worker_code")).isEqualTo("MSP\t01");
    }

    @Test
    void testANirOutsideTheIdentityColumnsIsRefusedBeforeItCanReachTheLake() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        String reason = "a NIR (15 characters with a valid key) in a column that is not the feed's NIR column; refused so that it does "
                + "not reach the lake in clear (are the row's columns shifted?)";
        assertThat(contacts.outcome(contact(2, "N° contact=180026912345644"))).isEqualTo("2|N° contact|contact_id|" + reason);
        assertThat(contacts.outcome(contact(3, "Matricule MSP= 1 80 02 69 123 456 44 "))).isEqualTo("3|Matricule MSP|worker_code|" + reason);
        // with a wrong key it is not a NIR; in the NIR column it is the identity, for the next stage
        assertThat(contacts.outcome(contact(4, "N° contact=180026912345645"))).isEqualTo("accepted");
        LakeRow row = contacts.validate(contact(5, "NIR=180026912345644"));
        assertThat(Arrays.asList(row.values())).doesNotContain("180026912345644");
    }

    @Test
    void testTheFirstBrokenRuleInTheDatasetsFieldOrderIsTheOneReported() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.outcome(contact(2, "Durée (min)=0", "Modalité=Atelier", "N° contact=")))
                .isEqualTo("2|N° contact|contact_id|required value is missing");
        assertThat(contacts.outcome(contact(3, "Durée (min)=0", "Modalité=Atelier"))).startsWith("3|Modalité|modality|");
    }

    @Test
    void testARepeatedValueIsCheckedAgainUntilItIsAccepted() {
        Stage contacts = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(contacts.outcome(contact(2, "FINESS=ABC-12"))).startsWith("2|FINESS|structure_id|");
        assertThat(contacts.outcome(contact(3, "FINESS=ABC-12"))).startsWith("3|FINESS|structure_id|");
        assertThat(contacts.validate(contact(4, "FINESS=69078064")).get("structure_id")).isEqualTo("069078064");
        assertThat(contacts.validate(contact(5, "FINESS=69078064")).get("structure_id")).isEqualTo("069078064");
        assertThat(contacts.outcome(contact(6, "FINESS=ABC-12"))).startsWith("6|FINESS|structure_id|");
    }
}
