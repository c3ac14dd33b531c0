package fr.pairobs.demo;

import java.time.LocalDate;
import java.util.List;

/**
 * A synthetic person of the demo population: invented names, dates and NIRs, and a care pathway
 * (hospital, first peer contact, partners met, whether peer support helps this person).
 *
 * @param hospital FINESS of the hospital that follows the person, or null
 * @param firstContact date of the first peer contact the exports show, or null for people without peer support
 * @param peerPartners partners that record the person's peer contacts
 * @param responder whether the planted effects apply (fewer days, less involuntary care, better scores)
 * @param severity expected full-time stays per year
 * @param retentionMonths how long the person stays in contact after the first contact
 * @param memberSince for a GEM member who joined before the GEM's first export period, the day they joined (their
 *     peer support starts there, their first contact in the exports is later); null otherwise. No export has it.
 * @param splitAssessments baseline assessed by CH Le Vinatier, follow-ups by GEM Constellation only
 */
record DemoPerson(int id, String lastName, String firstName, LocalDate birthDate, String sex, String nir, String residenceDept,
        String hospital, LocalDate firstContact, List<String> peerPartners, boolean responder, double severity,
        int retentionMonths, LocalDate memberSince, boolean splitAssessments) {

    boolean peerSupported() {
        return firstContact != null;
    }

    /** The day peer support really starts: the day a member joined, else the first contact. */
    LocalDate peerSupportSince() {
        return memberSince != null ? memberSince : firstContact;
    }

    String memberCode() {
        return "ADH-" + String.format("%05d", id);
    }

    /** The same person with the first contact their pathway gave; null: no peer support at all. */
    DemoPerson withFirstContact(LocalDate day) {
        if (day == null) {
            return new DemoPerson(id, lastName, firstName, birthDate, sex, nir, residenceDept, hospital, null, List.of(), false,
                    severity, 0, null, false);
        }
        return new DemoPerson(id, lastName, firstName, birthDate, sex, nir, residenceDept, hospital, day, peerPartners, responder,
                severity, retentionMonths, memberSince, splitAssessments);
    }
}
