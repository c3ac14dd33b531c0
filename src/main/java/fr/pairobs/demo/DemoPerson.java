package fr.pairobs.demo;

import java.time.LocalDate;

/** A synthetic person of the demo population. Entirely invented: names, dates and NIRs are random. */
record DemoPerson(int id, String lastName, String firstName, LocalDate birthDate, String sex, String nir, String residenceDept) {
}
