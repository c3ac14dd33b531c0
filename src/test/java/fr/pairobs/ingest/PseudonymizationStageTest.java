package fr.pairobs.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;

import static fr.pairobs.ingest.RowStageFixtures.RUN_DATE;
import static fr.pairobs.ingest.RowStageFixtures.SECRET;
import static fr.pairobs.ingest.RowStageFixtures.dataset;
import static fr.pairobs.ingest.RowStageFixtures.feed;
import static fr.pairobs.ingest.RowStageFixtures.header;
import static fr.pairobs.ingest.RowStageFixtures.pseudonymizer;
import static fr.pairobs.ingest.RowStageFixtures.row;
import static fr.pairobs.ingest.RowStageFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizationStageTest {
    static final String NIR = "180026912345644";
    static final SourceHeader CONTACTS = header("N° contact", "NIR", "Nom", "Prénom", "Date de naissance", "Sexe",
            "Département de résidence");
    static final SourceHeader MEMBERS = header("Réf", "Date", "Forme", "Code adhérent", "Dépt");

    /** The pseudonymization stage of one feed, as a normalizer holds it: one per step, rows in file order. */
    static final class Stage {
        final MappingStage mapping;
        final PseudonymizationStage pseudonymization;
        final LakeRow.Columns columns;

        Stage(String feedName) {
            FeedSpec feed = feed(feedName);
            DatasetSpec dataset = dataset(feed);
            this.columns = LakeRow.Columns.of(dataset);
            this.mapping = new MappingStage(feed, dataset);
            this.pseudonymization = new PseudonymizationStage(feed, pseudonymizer(), feed.partner(), columns, RUN_DATE);
        }

        LakeRow pseudonymize(SourceRow row) {
            LakeRow out = new LakeRow(columns);
            pseudonymization.pseudonymize(row, mapping.bind(row.header()), out);
            return out;
        }

        String outcome(SourceRow row) {
            return RowStageFixtures.outcome(() -> pseudonymize(row));
        }
    }

    /** HMAC-SHA-256 of the text under the fixtures' key, in lower-case hex: the pseudonyms as the key's holder computes them. */
    static String hmac(String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void testANirGivesThePersonKeyTheSexAndTheBirthYear() throws Exception {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        LakeRow row = stage.pseudonymize(row(CONTACTS, 2, "NIR=" + NIR, "Département de résidence=69"));
        // the 13 characters before the key; a man (1) born in (19)80
        assertThat(row.get("person_key")).isEqualTo(hmac("nir:1800269123456"));
        assertThat(row.get("person_key_id")).isEqualTo("k1");
        assertThat(row.get("traits_key")).isNull();
        assertThat(row.get("sex")).isEqualTo("M");
        assertThat(row.get("birth_year")).isEqualTo(1980);
        assertThat(row.get("residence_dept")).isEqualTo("69");
        // spaces between its groups change nothing
        assertThat(stage.pseudonymize(row(CONTACTS, 3, "NIR=1 80 02 69 123 456 44")).get("person_key")).isEqualTo(hmac("nir:1800269123456"));
    }

    @Test
    void testTraitsWithoutANirGiveBothKeys() throws Exception {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        LakeRow row = stage.pseudonymize(row(CONTACTS, 2, "Nom=Lefèvre-Dupont", "Prénom=Anne Marie", "Date de naissance=3/2/1980",
                "Sexe=2"));
        String traits = hmac("traits:LEFEVREDUPONTANNEMARIE|1980-02-03|F");
        assertThat(row.get("person_key")).isEqualTo(traits);
        assertThat(row.get("traits_key")).isEqualTo(traits);
        assertThat(row.get("sex")).isEqualTo("F");
        assertThat(row.get("birth_year")).isEqualTo(1980);
        assertThat(row.get("residence_dept")).isNull();
    }

    @Test
    void testWithANirAndTraitsTheNirGivesThePersonKeyAndTheSexTheTraitsTheBirthYear() throws Exception {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        LakeRow row = stage.pseudonymize(row(CONTACTS, 2, "NIR=" + NIR, "Nom=Dupont", "Prénom=Marie", "Date de naissance=1975-06-30",
                "Sexe=F"));
        assertThat(row.get("person_key")).isEqualTo(hmac("nir:1800269123456"));
        assertThat(row.get("traits_key")).isEqualTo(hmac("traits:DUPONTMARIE|1975-06-30|F"));
        assertThat(row.get("sex")).isEqualTo("M");
        assertThat(row.get("birth_year")).isEqualTo(1975);
        // incomplete traits beside a NIR are left out
        LakeRow partial = stage.pseudonymize(row(CONTACTS, 3, "NIR=" + NIR, "Nom=Dupont"));
        assertThat(partial.get("traits_key")).isNull();
        assertThat(partial.get("birth_year")).isEqualTo(1980);
    }

    @Test
    void testThePartnersPseudonymIsScopedByThePartner() throws Exception {
        Stage stage = new Stage("asso-rehab.peer_contacts");
        LakeRow row = stage.pseudonymize(row(MEMBERS, 2, "Code adhérent=A-17", "Dépt=1"));
        assertThat(row.get("person_key")).isEqualTo(hmac("partner:asso-rehab:A-17"));
        assertThat(row.get("traits_key")).isNull();
        assertThat(row.get("sex")).isNull();
        assertThat(row.get("birth_year")).isNull();
        assertThat(row.get("residence_dept")).isEqualTo("01");
        assertThat(stage.outcome(row(MEMBERS, 3, "Dépt=69")))
                .isEqualTo("3|Code adhérent|person|no identifier: a NIR, identity traits or the partner's pseudonym is required");
    }

    @Test
    void testSexCodesAreTheFeedsIgnoringCase() throws Exception {
        Stage stage = new Stage("gem-constellation.peer_contacts");
        SourceHeader journal = header("id", "nom", "prenom", "date_naissance", "genre", "departement");
        LakeRow row = stage.pseudonymize(row(journal, 2, "nom=Martin", "prenom=Luc", "date_naissance=1990-12-31", "genre=HOMME"));
        assertThat(row.get("person_key")).isEqualTo(hmac("traits:MARTINLUC|1990-12-31|M"));
        assertThat(row.get("sex")).isEqualTo("M");
        assertThat(stage.outcome(row(journal, 3, "nom=Martin", "prenom=Luc", "date_naissance=1990-12-31", "genre=x")))
                .startsWith("3|genre|person|unknown sex code; expected one of [").contains("femme", "homme");
    }

    @Test
    void testAnInvalidIdentityIsRefusedWithoutItsValue() {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(stage.outcome(row(CONTACTS, 2, "NIR=180026912345645"))).isEqualTo("2|NIR|person|invalid NIR: NIR key does not match "
                + "(expected key computed from the first 13 characters)");
        String[] traits = {"Nom=Dupont", "Prénom=Marie", "Sexe=F"};
        assertThat(stage.outcome(row(CONTACTS, 3, with(traits, "Date de naissance=31/02/1980"))))
                .isEqualTo("3|Date de naissance|person|birth date is not a valid date in [dd/MM/yyyy, yyyy-MM-dd] (value masked)");
        assertThat(stage.outcome(row(CONTACTS, 4, with(traits, "Date de naissance=02/01/2026"))))
                .isEqualTo("4|Date de naissance|person|birth date out of range 1900..today (value masked)");
        assertThat(stage.outcome(row(CONTACTS, 5, with(traits, "Date de naissance=31/12/1899"))))
                .isEqualTo("5|Date de naissance|person|birth date out of range 1900..today (value masked)");
        assertThat(stage.outcome(row(CONTACTS, 6, with(traits, "Date de naissance=01/01/2026")))).isEqualTo("accepted");
        assertThat(stage.outcome(row(CONTACTS, 7, "Nom=Dupont", "Date de naissance=03/02/1980", "Sexe=F")))
                .isEqualTo("7|[Nom, Prénom, Date de naissance, Sexe]|person|identity incomplete: last name, first name, birth date and "
                        + "sex are all required without a NIR");
    }

    @Test
    void testAResidenceIsAKnownDepartementPaddedToTwoDigits() {
        Stage stage = new Stage("ch-le-vinatier.peer_contacts");
        assertThat(stage.pseudonymize(row(CONTACTS, 2, "NIR=" + NIR, "Département de résidence=2A")).get("residence_dept")).isEqualTo("2A");
        assertThat(stage.pseudonymize(row(CONTACTS, 3, "NIR=" + NIR, "Département de résidence=7")).get("residence_dept")).isEqualTo("07");
        assertThat(stage.pseudonymize(row(CONTACTS, 4, "NIR=" + NIR, "Département de résidence=7")).get("residence_dept")).isEqualTo("07");
        String unknown = "|Département de résidence|residence_dept|unknown département code, found 2 digits";
        assertThat(stage.outcome(row(CONTACTS, 5, "NIR=" + NIR, "Département de résidence=99"))).isEqualTo("5" + unknown);
        // a refused code is checked again when it comes back
        assertThat(stage.outcome(row(CONTACTS, 6, "NIR=" + NIR, "Département de résidence=99"))).isEqualTo("6" + unknown);
        // Corsica is 2A or 2B, overseas départements 971 to 976
        assertThat(stage.outcome(row(CONTACTS, 7, "NIR=" + NIR, "Département de résidence=20"))).isEqualTo("7" + unknown);
        assertThat(stage.outcome(row(CONTACTS, 8, "NIR=" + NIR, "Département de résidence=977")))
                .isEqualTo("8|Département de résidence|residence_dept|unknown département code, found 3 digits");
        assertThat(stage.pseudonymize(row(CONTACTS, 9, "NIR=" + NIR, "Département de résidence=974")).get("residence_dept")).isEqualTo("974");
    }

    @Test
    void testAFeedWithoutIdentityHasNoPseudonymizationStage() {
        FeedSpec grants = feed("ars-ara.funding");
        assertThatThrownBy(() -> new PseudonymizationStage(grants, pseudonymizer(), grants.partner(), LakeRow.Columns.of(dataset(grants)),
                RUN_DATE)).isInstanceOf(NullPointerException.class).hasMessage("feed ars-ara.funding gives no identity for a person dataset");
    }
}
