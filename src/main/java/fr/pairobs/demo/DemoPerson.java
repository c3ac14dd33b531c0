package fr.pairobs.demo;

import java.time.LocalDate;

/**
 * A synthetic person of the demo population: invented names, dates and NIRs, and a care pathway
 * (hospital, first peer contact, partners met, whether peer support helps this person).
 *
 * @param hospital FINESS of the hospital that follows the person, or null
 * @param firstContact date of the first peer contact, or null for people without peer support
 * @param peerPartners partners that record the person's peer contacts
 * @param responder whether the planted effects apply (fewer days, less involuntary care, better scores)
 * @param severity expected full-time stays per year
 * @param retentionMonths how long the person stays in contact after the first contact
 */
record DemoPerson(int id, String lastName, String firstName, LocalDate birthDate, String sex, String nir, String residenceDept,
        String hospital, LocalDate firstContact, java.util.List<String> peerPartners, boolean responder, double severity,
        int retentionMonths) {

    boolean peerSupported() {
        return firstContact != null;
    }

    String memberCode() {
        return "ADH-" + String.format("%05d", id);
    }
}
