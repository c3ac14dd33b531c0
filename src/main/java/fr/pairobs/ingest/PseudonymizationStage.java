package fr.pairobs.ingest;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.ingest.parse.Codes;
import fr.pairobs.ingest.parse.DateParser;
import fr.pairobs.ingest.parse.FieldFormatException;
import fr.pairobs.ingest.parse.ValueShape;
import fr.pairobs.pseudo.IdentityTraits;
import fr.pairobs.pseudo.InvalidIdentifierException;
import fr.pairobs.pseudo.Nir;
import fr.pairobs.pseudo.Pseudonymizer;

import static java.util.Objects.requireNonNull;

/**
 * The stage of the row path that replaces the person's identity with keyed pseudonyms: the NIR, else the
 * identity traits (names, birth date, sex), else the partner's own pseudonym gives {@code person_key}; the
 * traits also give {@code traits_key}, which links a person across partners without a NIR. Sex and birth year
 * come from the NIR or the traits, and the residence département is checked. Identifying values never leave
 * this stage: rejects name the column and what is wrong, never the value.
 */
final class PseudonymizationStage {
    private final FeedSpec.Identity identity;
    private final Pseudonymizer pseudonymizer;
    private final String partner;
    private final LocalDate today;
    private final DateParser dates;
    private final String dateFormats;
    private final Map<String, String> sexValues;
    private final int personKey;
    private final int personKeyId;
    private final int traitsKey;
    private final int sex;
    private final int birthYear;
    private final int residenceDept;
    /** The last département accepted, raw and padded: people of a region live in a few départements. */
    private String lastResidenceRaw;
    private String lastResidence;

    PseudonymizationStage(FeedSpec feed, Pseudonymizer pseudonymizer, String partner, LakeRow.Columns columns, LocalDate today) {
        this.identity = requireNonNull(feed.identity(), () -> "feed " + feed.feed() + " gives no identity for a person dataset");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.partner = requireNonNull(partner, "partner is null");
        this.today = requireNonNull(today, "today is null");
        this.dates = new DateParser(feed.dialect().dateFormats());
        this.dateFormats = feed.dialect().dateFormats().toString();
        Map<String, String> sexes = new HashMap<>();
        identity.sexValues().forEach((k, v) -> sexes.put(k.toUpperCase(Locale.ROOT), v));
        this.sexValues = Map.copyOf(sexes);
        this.personKey = columns.index("person_key");
        this.personKeyId = columns.index("person_key_id");
        this.traitsKey = columns.index("traits_key");
        this.sex = columns.index("sex");
        this.birthYear = columns.index("birth_year");
        this.residenceDept = columns.index("residence_dept");
    }

    /** Writes the person columns of the row; throws {@link RowRejectedException} when the identity is missing or invalid. */
    void pseudonymize(SourceRow row, MappedHeader header, LakeRow out) {
        String key = null;
        String traitsKeyValue = null;
        String sexValue = null;
        Integer birthYearValue = null;
        String nirRaw = header.nir(row);
        if (nirRaw != null) {
            try {
                Nir nir = Nir.parse(nirRaw);
                key = pseudonymizer.personKeyFromNir(nir);
                sexValue = nir.sex();
                birthYearValue = nir.birthYear(today.getYear());
            } catch (InvalidIdentifierException e) {
                throw new RowRejectedException(row.line(), identity.nir(), "person", "invalid NIR: " + e.getMessage());
            }
        }
        if (header.hasTraits()) {
            String last = header.lastName(row);
            String first = header.firstName(row);
            String birth = header.birthDate(row);
            String sexRaw = header.sex(row);
            if (last != null && first != null && birth != null && sexRaw != null) {
                LocalDate birthDate;
                try {
                    birthDate = dates.parse(birth);
                } catch (FieldFormatException e) {
                    throw new RowRejectedException(row.line(), identity.traits().birthDate(), "person",
                            "birth date is not a valid date in " + dateFormats + " (value masked)");
                }
                if (birthDate.isAfter(today) || birthDate.getYear() < 1900) {
                    throw new RowRejectedException(row.line(), identity.traits().birthDate(), "person",
                            "birth date out of range 1900..today (value masked)");
                }
                String traitSex = sexValues.get(sexRaw.toUpperCase(Locale.ROOT));
                if (traitSex == null) {
                    throw new RowRejectedException(row.line(), identity.traits().sex(), "person",
                            "unknown sex code; expected one of " + identity.sexValues().keySet());
                }
                traitsKeyValue = pseudonymizer.personKeyFromTraits(new IdentityTraits(last, first, birthDate, traitSex));
                sexValue = sexValue == null ? traitSex : sexValue;
                birthYearValue = birthDate.getYear();
            } else if (key == null && identity.pseudonym() == null) {
                throw new RowRejectedException(row.line(), identity.traits().columns().toString(), "person",
                        "identity incomplete: last name, first name, birth date and sex are all required without a NIR");
            }
        }
        if (key == null) {
            key = traitsKeyValue;
        }
        if (key == null) {
            String pseudonym = header.pseudonym(row);
            if (pseudonym != null) {
                key = pseudonymizer.personKeyFromPartnerPseudonym(partner, pseudonym);
            }
        }
        if (key == null) {
            throw new RowRejectedException(row.line(), String.join(", ", identity.identifyingColumns()), "person",
                    "no identifier: a NIR, identity traits or the partner's pseudonym is required");
        }
        String residence = null;
        String residenceRaw = header.residence(row);
        if (residenceRaw != null && residenceRaw.equals(lastResidenceRaw)) {
            residence = lastResidence;
        } else if (residenceRaw != null) {
            residence = Codes.padDigits(residenceRaw, 2);
            if (!Codes.isValidDepartement(residence)) {
                throw new RowRejectedException(row.line(), identity.residenceDept(), "residence_dept",
                        "unknown département code, found " + ValueShape.describe(residenceRaw));
            }
            lastResidenceRaw = residenceRaw;
            lastResidence = residence;
        }
        out.set(personKey, key);
        out.set(personKeyId, pseudonymizer.keyId());
        out.set(traitsKey, traitsKeyValue);
        out.set(sex, sexValue);
        out.set(birthYear, birthYearValue);
        out.set(residenceDept, residence);
    }
}
