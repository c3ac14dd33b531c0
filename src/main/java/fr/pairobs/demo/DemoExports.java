package fr.pairobs.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import fr.pairobs.demo.DemoPathway.Stay;

import static fr.pairobs.demo.DemoPopulation.ALPES_ISERE;
import static fr.pairobs.demo.DemoPopulation.DATA_END;
import static fr.pairobs.demo.DemoPopulation.VINATIER;
import static fr.pairobs.demo.DemoPopulation.pick;
import static java.util.Objects.requireNonNull;

/**
 * Deterministic synthetic exports of the demo region's partners, each in its own dialect, dropped
 * into their inboxes ({@code <home>/inbox/<partner>/}): the public FINESS extract, the observatory's
 * registry, workforce survey and training cohorts, the ARS's grants, two hospitals' RIM-P sequences,
 * peer contacts from a hospital, two GEMs and an association, outcome questionnaires and access to
 * rights; and {@code <home>/demo/truth.json}, the hospital effects of the scenario ({@link DemoTruth}).
 * The same seed and scenario give byte-identical files. Some rows carry the defects real exports have;
 * the result lists them so that tests know what must be rejected, and every identifying value
 * written so that tests can prove none leaks. Others are what real data does to an evaluation: first
 * contacts tied to stays, GEM members older than the GEM's exports, next-day transfers between the two
 * hospitals, volunteers beside paid positions, a baseline at one partner followed up at another.
 */
public final class DemoExports {
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final long EXPORTS = 3;

    /** Generates the exports of the default scenario, {@link DemoScenario#PLANTED}. */
    public Result generate(Path home, long seed, double scale) {
        return generate(home, seed, scale, DemoScenario.PLANTED);
    }

    /**
     * Generates the exports of a scenario and its truth; {@code scale} multiplies the people (1.0: 2,500 people, about
     * 40,000 rows). The truth draws from streams of its own: the exports are the same with it or without it.
     */
    public Result generate(Path home, long seed, double scale, DemoScenario scenario) {
        requireNonNull(home, "home is null");
        requireNonNull(scenario, "scenario is null");
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be positive");
        }
        DemoPopulation.Cohort cohort = DemoPopulation.generate(seed, people(scale), scenario);
        List<DemoPerson> people = cohort.people();
        Set<String> identifying = new LinkedHashSet<>();
        for (DemoPerson p : people) {
            identifying.add(p.nir());
            identifying.add(p.lastName());
            identifying.add(p.firstName());
            identifying.add(p.birthDate().format(FRENCH));
            identifying.add(p.birthDate().toString());
        }
        Random random = DemoPopulation.stream(seed, -1, EXPORTS);
        Path inbox = home.resolve("inbox");
        List<DemoFile> files = new ArrayList<>();
        try {
            DemoRegion region = new DemoRegion(random);
            files.add(region.finessExtract(inbox.resolve("finess")));
            files.addAll(region.registry(inbox.resolve("observatoire")));
            files.addAll(region.workforce(inbox.resolve("observatoire")));
            files.add(region.training(inbox.resolve("observatoire")));
            files.add(region.funding(inbox.resolve("ars-ara")));
            DemoTruth.write(home.resolve("demo/truth.json"), seed, scenario, DemoTruth.FORKS,
                    DemoTruth.compute(seed, scenario, people, DemoTruth.FORKS));
            List<Stay> stays = cohort.stays();
            files.addAll(vinatierStays(inbox.resolve("ch-le-vinatier"), random, stays));
            files.addAll(alpesIsereStays(inbox.resolve("chs-alpes-isere"), stays));
            List<Contact> contacts = contacts(random, people);
            files.addAll(vinatierContacts(inbox.resolve("ch-le-vinatier"), random, contacts));
            files.addAll(gem4Saisons(inbox.resolve("gem-4-saisons"), random, contacts));
            files.addAll(constellation(inbox.resolve("gem-constellation"), random, contacts));
            files.addAll(association(inbox.resolve("asso-rehab"), random, contacts));
            files.addAll(vinatierAssessments(inbox.resolve("ch-le-vinatier"), people));
            files.add(constellationAssessments(inbox.resolve("gem-constellation"), random, people));
            files.addAll(associationRights(inbox.resolve("asso-rehab"), random, people));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write demo exports under " + home + ": " + e.getMessage(), e);
        }
        return new Result(List.copyOf(files), Set.copyOf(identifying), people.size());
    }

    /** People generated at a scale, the homonym apart. */
    static int people(double scale) {
        return Math.max(60, (int) Math.round(2500 * scale));
    }

    // ------------------------------------------------------------------ hospital sequences (RIM-P)

    private List<DemoFile> vinatierStays(Path dir, Random random, List<Stay> stays) throws IOException {
        List<DemoFile> files = new ArrayList<>();
        for (int year = 2022; year <= 2025; year++) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "sejours_rimp_" + year + ".csv", ';', "\r\n", WINDOWS_1252, false,
                    "FINESS", "N° séjour", "N° séquence", "Date d'entrée", "Début séquence", "Fin séquence", "Forme d'activité",
                    "Mode légal", "Jours de présence", "Demi-journées", "Jours d'isolement", "NIR", "Nom", "Prénom",
                    "Date de naissance", "Sexe", "Département de résidence")) {
                int r = 0;
                for (Stay s : stays) {
                    if (!s.finess().equals(VINATIER) || s.start().getYear() != year) {
                        continue;
                    }
                    String form = s.activityForm();
                    String days = String.valueOf(s.daysPresent());
                    if (year == 2024 && r == 11) {
                        form = "09";
                        rejects.add(new ExpectedReject(csv.nextLine(), "Forme d'activité", "unknown code"));
                    } else if (year == 2024 && r == 17) {
                        days = "400";
                        rejects.add(new ExpectedReject(csv.nextLine(), "Jours de présence", "above the maximum"));
                    } else if (random.nextInt(4) == 0) {
                        form = form.replaceFirst("^0", ""); // a spreadsheet stripped the leading zero: repaired
                    }
                    DemoPerson p = s.person();
                    csv.row(VINATIER, s.stayNo(), s.sequenceNo(), s.stayStart().format(FRENCH), s.start().format(FRENCH),
                            s.end().format(FRENCH), form, s.legalMode(), days, s.halfDays() == 0 ? "" : s.halfDays(),
                            s.isolationDays(), p.nir(), p.lastName(), p.firstName(), p.birthDate().format(FRENCH),
                            p.sex().equals("M") ? "H" : "F", p.residenceDept());
                    r++;
                }
                files.add(done(csv, "ch-le-vinatier", "ch-le-vinatier.hospital_stays", "hospital_stays", rejects));
            }
        }
        return files;
    }

    private List<DemoFile> alpesIsereStays(Path dir, List<Stay> stays) throws IOException {
        List<DemoFile> files = new ArrayList<>();
        for (int year = 2022; year <= 2025; year++) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "RIMP_380780080_" + year + ".csv", ';', "\r\n", StandardCharsets.UTF_8, true,
                    "FINESS", "NUM_SEJOUR", "NUM_SEQ", "DATE_ENTREE", "DEBUT_SEQ", "FIN_SEQ", "FOR_ACT", "MOD_SOI", "NB_JOURS",
                    "NB_DEMI_JOURNEES", "NB_JOURS_ISOLEMENT", "NIR", "NOM", "PRENOM", "DATE_NAISSANCE", "SEXE", "DEP_RESIDENCE")) {
                int r = 0;
                for (Stay s : stays) {
                    if (!s.finess().equals(ALPES_ISERE) || s.start().getYear() != year) {
                        continue;
                    }
                    String legal = s.legalMode();
                    String end = s.end().toString();
                    if (year == 2023 && r == 4) {
                        legal = "2";
                        rejects.add(new ExpectedReject(csv.nextLine(), "MOD_SOI", "unknown code"));
                    } else if (year == 2023 && r == 9) {
                        end = "2031-01-01";
                        rejects.add(new ExpectedReject(csv.nextLine(), "FIN_SEQ", "is after"));
                    }
                    DemoPerson p = s.person();
                    csv.row(ALPES_ISERE, s.stayNo(), s.sequenceNo(), s.stayStart(), s.start(), end, s.activityForm(), legal,
                            s.daysPresent(), s.halfDays(), s.isolationDays(), p.nir(),
                            DemoRegion.stripAccents(p.lastName()).toUpperCase(Locale.ROOT),
                            DemoRegion.stripAccents(p.firstName()).toUpperCase(Locale.ROOT), p.birthDate(), p.sex().equals("M") ? "1" : "2",
                            p.residenceDept());
                    r++;
                }
                files.add(done(csv, "chs-alpes-isere", "chs-alpes-isere.hospital_stays", "hospital_stays", rejects));
            }
        }
        return files;
    }

    // ------------------------------------------------------------------ peer contacts

    /** One peer contact of a person with a partner. */
    record Contact(DemoPerson person, String partner, LocalDate day) {
    }

    private static List<Contact> contacts(Random random, List<DemoPerson> people) {
        List<Contact> contacts = new ArrayList<>();
        for (DemoPerson p : people) {
            if (!p.peerSupported()) {
                continue;
            }
            LocalDate last = p.firstContact().plusMonths(p.retentionMonths());
            if (last.isAfter(DATA_END)) {
                last = DATA_END;
            }
            for (int i = 0; i < p.peerPartners().size(); i++) {
                String partner = p.peerPartners().get(i);
                LocalDate day = i == 0 ? p.firstContact() : p.firstContact().plusDays(7 + random.nextInt(60));
                while (!day.isAfter(last)) {
                    contacts.add(new Contact(p, partner, day));
                    day = day.plusDays(5 + random.nextInt(35));
                }
            }
        }
        contacts.sort(Comparator.comparing(Contact::day).thenComparing(c -> c.person().id()));
        return contacts;
    }

    private static String quarter(LocalDate day) {
        return day.getYear() + "-T" + ((day.getMonthValue() - 1) / 3 + 1);
    }

    private List<DemoFile> vinatierContacts(Path dir, Random random, List<Contact> contacts) throws IOException {
        String[] modalities = {"Individuel", "Individuel", "Groupe", "Téléphone", "Aller-vers", "Visio"};
        String[] settings = {"Unité", "Unité", "CMP", "Domicile", "Cité", "GEM"};
        List<DemoFile> files = new ArrayList<>();
        int contactNo = 1;
        for (String q : quarters(contacts, "ch-le-vinatier")) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "contacts_msp_" + q + ".csv", ';', "\r\n", WINDOWS_1252, false, "N° contact",
                    "Matricule MSP", "FINESS", "Date du contact", "Modalité", "Durée (min)", "Lieu", "NIR", "Nom", "Prénom",
                    "Date de naissance", "Sexe", "Département de résidence")) {
                int r = 0;
                for (Contact c : contacts) {
                    if (!c.partner().equals("ch-le-vinatier") || !quarter(c.day()).equals(q)) {
                        continue;
                    }
                    DemoPerson p = c.person();
                    String date = c.day().format(FRENCH);
                    String nir = p.nir();
                    if (q.equals("2024-T2") && r == 5) {
                        nir = nir.substring(0, 13) + String.format("%02d", (Long.parseLong(nir.substring(13)) % 97) + 1);
                        rejects.add(new ExpectedReject(csv.nextLine(), "NIR", "invalid NIR"));
                    } else if (q.equals("2024-T3") && r == 7) {
                        date = "31/02/2024";
                        rejects.add(new ExpectedReject(csv.nextLine(), "Date du contact", "expected a date"));
                    }
                    // spreadsheets strip leading zeros: Ain's 01 arrives as 1 and is repaired
                    String residence = p.residenceDept().equals("01") && random.nextBoolean() ? "1" : p.residenceDept();
                    csv.row("V" + String.format("%07d", contactNo++), "MSP" + String.format("%02d", 1 + random.nextInt(17)),
                            VINATIER, date, pick(random, modalities), 15 + 15 * random.nextInt(6), pick(random, settings),
                            formatNir(random, nir), p.lastName(), p.firstName(), p.birthDate().format(FRENCH),
                            p.sex().equals("M") ? "H" : "F", residence);
                    r++;
                }
                files.add(done(csv, "ch-le-vinatier", "ch-le-vinatier.peer_contacts", "peer_contacts", rejects));
            }
        }
        return files;
    }

    private static List<String> quarters(List<Contact> contacts, String partner) {
        return contacts.stream().filter(c -> c.partner().equals(partner)).map(c -> quarter(c.day())).distinct().sorted().toList();
    }

    private static String formatNir(Random random, String nir) {
        // some systems print the NIR grouped: 1 80 02 69 123 456 78
        if (random.nextInt(5) == 0) {
            return nir.charAt(0) + " " + nir.substring(1, 3) + " " + nir.substring(3, 5) + " " + nir.substring(5, 7) + " "
                    + nir.substring(7, 10) + " " + nir.substring(10, 13) + " " + nir.substring(13);
        }
        return nir;
    }

    private List<DemoFile> gem4Saisons(Path dir, Random random, List<Contact> contacts) throws IOException {
        String[] modalities = {"Accueil individuel", "Groupe de parole", "Groupe de parole", "Appel", "Sortie"};
        String[] settings = {"Local du GEM", "Local du GEM", "Extérieur", "Domicile"};
        List<DemoFile> files = new ArrayList<>();
        int passage = 1;
        for (String q : quarters(contacts, "gem-4-saisons")) {
            String name = "accueils_" + q.replace("-", "") + ".csv";
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, name, ';', "\r\n", StandardCharsets.UTF_8, true, "N° passage", "Nom", "Prénom",
                    "Né(e) le", "Sexe", "Date", "Type d'accueil", "Durée", "Lieu", "Animateur", "")) {
                int r = 0;
                for (Contact c : contacts) {
                    if (!c.partner().equals("gem-4-saisons") || !quarter(c.day()).equals(q)) {
                        continue;
                    }
                    DemoPerson p = c.person();
                    String modality = pick(random, modalities);
                    if (q.equals("2024-T1") && r == 10) {
                        modality = "Atelier cuisine";
                        rejects.add(new ExpectedReject(csv.nextLine(), "Type d'accueil", "unknown value"));
                    }
                    // volunteers type names their own way: capitals without accents must still link
                    boolean shouting = random.nextInt(4) == 0;
                    csv.row(String.format("P%06d", passage++),
                            shouting ? DemoRegion.stripAccents(p.lastName()).toUpperCase(Locale.ROOT) : p.lastName(),
                            shouting ? DemoRegion.stripAccents(p.firstName()).toUpperCase(Locale.ROOT) : p.firstName(),
                            random.nextInt(6) == 0 ? p.birthDate().toString() : p.birthDate().format(FRENCH),
                            p.sex().equals("M") ? "H" : "F", c.day().format(FRENCH), modality, 30 + 30 * random.nextInt(4),
                            pick(random, settings), "Anim" + (1 + random.nextInt(4)), "");
                    r++;
                }
                files.add(done(csv, "gem-4-saisons", "gem-4-saisons.peer_contacts", "peer_contacts", rejects));
            }
        }
        return files;
    }

    private List<DemoFile> constellation(Path dir, Random random, List<Contact> contacts) throws IOException {
        String[] modalities = {"entretien", "collectif", "collectif", "telephone", "maraude", "visio"};
        String[] settings = {"gem", "gem", "exterieur", "domicile"};
        String[] notes = {"", "", "RAS", "Premier accueil,\norientée par le CMP", "Atelier \"écriture\"", "Suivi\nà poursuivre"};
        List<DemoFile> files = new ArrayList<>();
        List<String> halves = contacts.stream().filter(c -> c.partner().equals("gem-constellation"))
                .map(c -> c.day().getYear() + "-S" + (c.day().getMonthValue() <= 6 ? 1 : 2)).distinct().sorted().toList();
        int id = 1;
        for (String half : halves) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "journal-" + half + ".csv", ',', "\n", StandardCharsets.UTF_8, false, "id",
                    "date_activite", "format", "duree_minutes", "lieu", "pair_aidant", "nom", "prenom", "date_naissance", "genre",
                    "departement", "Observations")) {
                int r = 0;
                for (Contact c : contacts) {
                    if (!c.partner().equals("gem-constellation")
                            || !(c.day().getYear() + "-S" + (c.day().getMonthValue() <= 6 ? 1 : 2)).equals(half)) {
                        continue;
                    }
                    DemoPerson p = c.person();
                    String contactId = "CST-" + String.format("%06d", id++);
                    if (half.equals("2024-S1") && r == 20) {
                        contactId = "";
                        rejects.add(new ExpectedReject(csv.nextLine(), "id", "required value is missing"));
                    }
                    csv.row(contactId, c.day(), pick(random, modalities), 20 + 10 * random.nextInt(8), pick(random, settings),
                            "PA" + (1 + random.nextInt(6)), p.lastName(), p.firstName(), p.birthDate(),
                            p.sex().equals("M") ? "homme" : "femme", p.residenceDept(), pick(random, notes));
                    r++;
                }
                files.add(done(csv, "gem-constellation", "gem-constellation.peer_contacts", "peer_contacts", rejects));
            }
        }
        return files;
    }

    private List<DemoFile> association(Path dir, Random random, List<Contact> contacts) throws IOException {
        String[] modalities = {"Individuel", "Individuel", "Collectif", "Téléphone", "Visio"};
        List<DemoFile> files = new ArrayList<>();
        int ref = 1;
        for (int year = 2023; year <= 2025; year++) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "Accompagnements " + year + ".csv", ';', "\r\n", WINDOWS_1252, false, "Réf",
                    "Code adhérent", "Date", "Forme", "Durée (minutes)", "Intervenant", "Dépt")) {
                int r = 0;
                for (Contact c : contacts) {
                    if (!c.partner().equals("asso-rehab") || c.day().getYear() != year) {
                        continue;
                    }
                    String minutes = (30 + 15 * random.nextInt(5)) + ",0";
                    if (year == 2024 && r == 33) {
                        minutes = "abc";
                        rejects.add(new ExpectedReject(csv.nextLine(), "Durée (minutes)", "expected a whole number"));
                    }
                    csv.row("A" + String.format("%06d", ref++), c.person().memberCode(), c.day().format(FRENCH),
                            pick(random, modalities), minutes, "Bénévole " + (1 + random.nextInt(5)), c.person().residenceDept());
                    r++;
                }
                files.add(done(csv, "asso-rehab", "asso-rehab.peer_contacts", "peer_contacts", rejects));
            }
        }
        return files;
    }

    // ------------------------------------------------------------------ outcomes and rights

    /** GEM Constellation's WEMWBS reads this much above CH Le Vinatier's for the same person: its own administration. */
    private static final int CONSTELLATION_WEMWBS_OFFSET = 8;

    /** A score within an instrument's range, moved by the planted effect for responders. */
    private static long score(Random random, double base, double spread, double gain, int min, int max) {
        return Math.max(min, Math.min(max, Math.round(base + spread * random.nextGaussian() + gain)));
    }

    /** A person's scores, the same whatever the year file or the partner: the first draw is their WEMWBS level. */
    private static Random personScores(DemoPerson p) {
        return new Random(p.id() * 7919L);
    }

    private List<DemoFile> vinatierAssessments(Path dir, List<DemoPerson> people) throws IOException {
        List<DemoFile> files = new ArrayList<>();
        for (int year = 2023; year <= 2025; year++) {
            List<ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "evaluations_" + year + ".csv", ';', "\r\n", WINDOWS_1252, false, "N° évaluation",
                    "Date", "Échelle", "Score total", "Temps", "Répondant", "NIR")) {
                int r = 0;
                for (DemoPerson p : people) {
                    if (!p.peerPartners().contains("ch-le-vinatier")) {
                        continue;
                    }
                    Random scores = personScores(p);
                    long wBase = score(scores, 40, 7, 0, 14, 70);
                    long rBase = score(scores, 68, 12, 0, 24, 120);
                    String[][] points = {{"Inclusion", "0"}, {"M6", "6"}, {"M12", "12"}};
                    for (String[] point : points) {
                        int months = Integer.parseInt(point[1]);
                        LocalDate day = p.firstContact().plusMonths(months).plusDays(scores.nextInt(10));
                        double w = months == 0 ? 0 : p.responder() ? (months == 6 ? 4 : 7) : 0.5;
                        double g = months == 0 ? 0 : p.responder() ? (months == 6 ? 6 : 11) : 1;
                        long wemwbs = score(scores, wBase, 1.5, w, 14, 70);
                        long ras = score(scores, rBase, 3, g, 24, 120);
                        // a split person's follow-ups are GEM Constellation's
                        if (day.getYear() != year || day.isAfter(DATA_END) || (months > 0 && p.retentionMonths() < months)
                                || (months > 0 && p.splitAssessments())) {
                            continue;
                        }
                        String instrument = "WEMWBS";
                        if (year == 2024 && r == 3) {
                            instrument = "SF-36";
                            rejects.add(new ExpectedReject(csv.nextLine(), "Échelle", "unknown value"));
                        }
                        csv.row("EV" + p.id() + "-W" + months, day.format(FRENCH), instrument, wemwbs, point[0], "Usager", p.nir());
                        csv.row("EV" + p.id() + "-R" + months, day.format(FRENCH), "RAS-24", ras, point[0], "Usager", p.nir());
                        r++;
                    }
                }
                files.add(done(csv, "ch-le-vinatier", "ch-le-vinatier.outcome_assessments", "outcome_assessments", rejects));
            }
        }
        return files;
    }

    private DemoFile constellationAssessments(Path dir, Random random, List<DemoPerson> people) throws IOException {
        try (DemoCsv csv = new DemoCsv(dir, "questionnaires-2025.csv", ',', "\n", StandardCharsets.UTF_8, false, "ref", "date",
                "questionnaire", "score", "temps", "nom", "prenom", "date_naissance", "genre")) {
            for (DemoPerson p : people) {
                if (!p.peerPartners().contains("gem-constellation")) {
                    continue;
                }
                long ismi = score(random, 26, 4, 0, 10, 40);
                long wemwbs = score(personScores(p), 40 + CONSTELLATION_WEMWBS_OFFSET, 7, 0, 14, 70);
                for (int months : new int[] {0, 6, 12}) {
                    LocalDate day = p.firstContact().plusMonths(months).plusDays(random.nextInt(14));
                    // a split person's baseline is CH Le Vinatier's: paired with it, this follow-up is off by the offset
                    if (day.isAfter(DATA_END) || (months > 0 && p.retentionMonths() < months) || (months == 0 && p.splitAssessments())) {
                        continue;
                    }
                    String point = months == 0 ? "inclusion" : months + "mois";
                    csv.row("Q" + p.id() + "-I" + months, day, "ISMI-10",
                            score(random, ismi, 1, months == 0 ? 0 : p.responder() ? -4 : -0.3, 10, 40), point, p.lastName(),
                            p.firstName(), p.birthDate(), p.sex().equals("M") ? "homme" : "femme");
                    csv.row("Q" + p.id() + "-W" + months, day, "WEMWBS",
                            score(random, wemwbs, 1.5, months == 0 ? 0 : p.responder() ? 6 : 0.5, 14, 70), point,
                            p.lastName(), p.firstName(), p.birthDate(), p.sex().equals("M") ? "homme" : "femme");
                    if (months == 6) {
                        csv.row("Q" + p.id() + "-C6", day, "CSQ-8", score(random, p.responder() ? 27 : 22, 3, 0, 8, 32), point,
                                p.lastName(), p.firstName(), p.birthDate(), p.sex().equals("M") ? "homme" : "femme");
                    }
                }
            }
            return done(csv, "gem-constellation", "gem-constellation.outcome_assessments", "outcome_assessments", List.of());
        }
    }

    private List<DemoFile> associationRights(Path dir, Random random, List<DemoPerson> people) throws IOException {
        String[] rights = {"Logement", "Emploi/formation", "AAH", "Dossier MDPH", "Complémentaire santé", "Directives anticipées"};
        List<DemoFile> files = new ArrayList<>();
        record Event(DemoPerson person, LocalDate day, String right, String outcome) {
        }
        List<Event> events = new ArrayList<>();
        for (DemoPerson p : people) {
            if (!p.peerPartners().contains("asso-rehab") || random.nextDouble() > 0.7) {
                continue;
            }
            String right = pick(random, rights);
            LocalDate requested = p.firstContact().plusDays(random.nextInt(90));
            events.add(new Event(p, requested, right, "Demande"));
            double obtainShare = p.responder() ? 0.75 : 0.35;
            LocalDate decided = requested.plusDays(60 + random.nextInt(240));
            if (!decided.isAfter(DATA_END)) {
                events.add(new Event(p, decided, right, random.nextDouble() < obtainShare ? "Obtenu" : "Refusé"));
            }
        }
        events.sort(Comparator.comparing(Event::day).thenComparing(e -> e.person().id()));
        int ref = 1;
        for (int year = 2023; year <= 2025; year++) {
            try (DemoCsv csv = new DemoCsv(dir, "Droits " + year + ".csv", ';', "\r\n", WINDOWS_1252, false, "Réf", "Code adhérent",
                    "Date", "Droit", "Issue")) {
                for (Event e : events) {
                    if (e.day().getYear() == year) {
                        csv.row("D" + String.format("%06d", ref++), e.person().memberCode(), e.day().format(FRENCH), e.right(),
                                e.outcome());
                    }
                }
                files.add(done(csv, "asso-rehab", "asso-rehab.rights_events", "rights_events", List.of()));
            }
        }
        return files;
    }

    static DemoFile done(DemoCsv csv, String partner, String feed, String dataset, List<ExpectedReject> rejects) {
        return new DemoFile(partner, feed, dataset, csv.path(), csv.rows(), csv.rows() - rejects.size(), List.copyOf(rejects));
    }

    /** A row the engine must reject: the physical line it starts on, the partner column, a word of the reason. */
    public record ExpectedReject(long line, String column, String reasonContains) {
    }

    /** One generated export and what the pipeline must make of it. */
    public record DemoFile(String partner, String feed, String dataset, Path path, int rows, int validRows,
            List<ExpectedReject> rejects) {
    }

    /** All generated exports, and every identifying value written in them. */
    public record Result(List<DemoFile> files, Set<String> identifyingValues, int people) {
        public int validRows() {
            return files.stream().mapToInt(DemoFile::validRows).sum();
        }

        public int validRows(String dataset) {
            return files.stream().filter(f -> f.dataset().equals(dataset)).mapToInt(DemoFile::validRows).sum();
        }

        public int rejectedRows() {
            return files.stream().mapToInt(f -> f.rejects().size()).sum();
        }
    }
}
