package fr.pairobs.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The demo region's people and their pathways. Hospital patients of CH Le Vinatier (Lyon) and of
 * CHS Alpes-Isère (Saint-Égrève); most of them meet peer workers (the hospital's MSPs, GEM
 * Constellation in Lyon, GEM Les 4 Saisons in Grenoble) from a first contact between July 2023 and
 * December 2025, on a day the scenario's timing may tie to a stay ({@link DemoPathway}); others only
 * meet the GEMs or the association, from a uniform day. 15 % of the people a GEM meets first joined it
 * before its first export period: their first contact in the exports falls in the first weeks of the
 * feed. Responders (60 % of the people with peer support) get the planted effects.
 */
final class DemoPopulation {
    static final String VINATIER = "690780648";
    static final String ALPES_ISERE = "380780080";
    /** Also the first export period of the peer-contact feeds. */
    static final LocalDate FIRST_CONTACT_FROM = LocalDate.of(2023, 7, 1);
    static final LocalDate FIRST_CONTACT_TO = LocalDate.of(2025, 12, 31);
    static final LocalDate DATA_END = LocalDate.of(2025, 12, 31);
    static final double RESPONDER_SHARE = 0.6;
    static final double MEMBER_BEFORE_FEED_SHARE = 0.15;
    /** Of the people with both CH Le Vinatier and GEM Constellation: about 10 % of the people assessed. */
    static final double SPLIT_ASSESSMENT_SHARE = 0.4;

    /** The people of a seed and scenario, with the first contacts their pathways gave, and their hospital sequences. */
    record Cohort(List<DemoPerson> people, List<DemoPathway.Stay> stays) {
    }

    static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier",
            "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Faure",
            "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Chevalier",
            "Masson", "Gérard", "Nguyen", "Boyer", "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meunier", "Pérez", "Marchand",
            "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Leroux", "Fernandez", "Renard", "Arnaud", "Giraud",
            "Vidal", "Bourgeois", "Lemoine", "Picard", "Lacroix", "Fabre", "Da Silva", "Rivière", "Le Gall", "Ménard", "Fleury",
            "Benoît", "Prévost", "Carré", "Rémy", "Saint-Cyr", "D'Arcy", "Le Béhec", "Chaptal", "Bénézet", "Vérot", "Desgranges",
            "Chassagne", "Mollard", "Jacquier", "Bouvier", "Favre", "Perrier", "Guillot", "Rey", "Blanchet", "Charvet"};
    static final String[] FIRST_NAMES_F = {"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Léa", "Chloé",
            "Inès", "Zoé", "Élodie", "Hélène", "Noémie", "Maëlle", "Anaïs", "Gaëlle", "Marie-Claire", "Anne-Sophie", "Yasmine",
            "Aïcha", "Fatou", "Céline", "Émilie", "Agnès", "Camille", "Manon", "Lucie", "Sarah", "Julie", "Laure"};
    static final String[] FIRST_NAMES_M = {"Jean", "Pierre", "Michel", "André", "Philippe", "Jérôme", "Stéphane", "Frédéric",
            "Sébastien", "Cédric", "Benoît", "Loïc", "Jean-Luc", "Hugo", "Lucas", "Théo", "Léo", "Émile", "Raphaël", "Karim",
            "Mehdi", "François", "Joël", "Grégoire", "Nicolas", "Julien", "Thomas", "Antoine", "Mathis", "Yanis"};
    static final String[] LYON_DEPTS = {"69", "69", "69", "69", "01", "01", "42", "38"};
    static final String[] GRENOBLE_DEPTS = {"38", "38", "38", "73", "26", "74"};
    static final String[] REGION_DEPTS = {"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"};
    static final String[] OTHER_BIRTH_DEPTS = {"75", "13", "2A", "2B", "59", "33", "67", "21", "71", "34"};

    private DemoPopulation() {
    }

    /** {@code size} people and a homonym; the pathways of hospital patients, numbered in the order of the people. */
    static Cohort generate(long seed, int size, DemoScenario scenario) {
        List<DemoPerson> people = new ArrayList<>();
        List<DemoPathway.Stay> stays = new ArrayList<>();
        int[] stayNo = {1};
        for (DemoPerson drafted : draft(new Random(seed), size)) {
            if (drafted.hospital() == null) {
                people.add(drafted);
                continue;
            }
            DemoPathway.Run run = new DemoPathway(seed, drafted, scenario).run(scenario.effect(), null, () -> stayNo[0]++);
            DemoPerson person = Objects.equals(run.firstContact(), drafted.firstContact()) ? drafted
                    : drafted.withFirstContact(run.firstContact());
            people.add(person);
            run.stays().forEach(s -> stays.add(s.of(person)));
        }
        return new Cohort(List.copyOf(people), List.copyOf(stays));
    }

    /**
     * A person's own random stream for one purpose: the same seed, person and purpose always give the same draws,
     * whatever else is drawn (a SplitMix64 finalizer spreads the three over the seed).
     */
    static Random stream(long seed, int personId, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + personId * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    private static List<DemoPerson> draft(Random random, int size) {
        List<DemoPerson> people = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            double u = (double) i / size;
            String hospital = u < 0.40 ? VINATIER : u < 0.55 ? ALPES_ISERE : null;
            String residence = hospital == VINATIER ? pick(random, LYON_DEPTS)
                    : hospital == ALPES_ISERE ? pick(random, GRENOBLE_DEPTS) : pick(random, REGION_DEPTS);
            List<String> partners = new ArrayList<>();
            if (VINATIER.equals(hospital)) {
                if (random.nextDouble() < 0.7) {
                    partners.add("ch-le-vinatier");
                    if (random.nextDouble() < 0.35) {
                        partners.add("gem-constellation");
                    }
                }
            } else if (ALPES_ISERE.equals(hospital)) {
                if (random.nextDouble() < 0.6) {
                    partners.add("gem-4-saisons");
                }
            } else {
                double r = random.nextDouble();
                if (r < 0.30) {
                    partners.add("asso-rehab");
                } else if (r < 0.50) {
                    partners.add("gem-constellation");
                } else if (r < 0.65) {
                    partners.add("gem-4-saisons");
                }
            }
            LocalDate first = partners.isEmpty() ? null
                    : FIRST_CONTACT_FROM.plusDays(random.nextInt((int) (FIRST_CONTACT_TO.toEpochDay() - FIRST_CONTACT_FROM.toEpochDay()) + 1));
            LocalDate memberSince = null;
            if (!partners.isEmpty() && partners.get(0).startsWith("gem-") && random.nextDouble() < MEMBER_BEFORE_FEED_SHARE) {
                // joined up to 30 months before the feed's first period, back within its first weeks
                memberSince = FIRST_CONTACT_FROM.minusDays(1 + random.nextInt(900));
                first = FIRST_CONTACT_FROM.plusDays(random.nextInt(41));
            }
            boolean split = partners.equals(List.of("ch-le-vinatier", "gem-constellation")) && random.nextDouble() < SPLIT_ASSESSMENT_SHARE;
            boolean responder = first != null && random.nextDouble() < RESPONDER_SHARE;
            people.add(person(random, i, residence, hospital, first, partners, responder, memberSince, split));
        }
        // two homonyms born the same day with different NIRs, both at CH Le Vinatier: they must stay two people (both
        // severe enough to have stays, which show their names, whatever the timing does to their contacts)
        DemoPerson model = people.stream().filter(p -> p.peerPartners().contains("ch-le-vinatier") && p.severity() >= 1.5)
                .findFirst().orElseThrow();
        people.add(new DemoPerson(size, model.lastName(), model.firstName(), model.birthDate(), model.sex(),
                nir(random, model.sex(), model.birthDate(), "69"), "69", VINATIER, model.firstContact(), model.peerPartners(),
                false, 2.0, 6, null, false));
        return people;
    }

    private static DemoPerson person(Random random, int id, String residence, String hospital, LocalDate first,
            List<String> partners, boolean responder, LocalDate memberSince, boolean split) {
        String sex = random.nextBoolean() ? "F" : "M";
        String firstName = sex.equals("F") ? pick(random, FIRST_NAMES_F) : pick(random, FIRST_NAMES_M);
        LocalDate birth = LocalDate.of(1950 + random.nextInt(55), 1, 1).plusDays(random.nextInt(365));
        String birthDept = random.nextInt(10) < 7 ? residence : pick(random, OTHER_BIRTH_DEPTS);
        double severity = hospital == null ? 0 : 0.5 + random.nextDouble() * 1.5;
        int retention = first == null ? 0 : responder ? 6 + random.nextInt(19) : 1 + random.nextInt(12);
        return new DemoPerson(id, pick(random, LAST_NAMES), firstName, birth, sex, nir(random, sex, birth, birthDept), residence,
                hospital, first, List.copyOf(partners), responder, severity, retention, memberSince, split);
    }

    /** A valid NIR: key = 97 − (13 first digits mod 97), Corsica's 2A and 2B counted as 19 and 18. */
    static String nir(Random random, String sex, LocalDate birth, String dept) {
        String commune = String.format("%03d", 1 + random.nextInt(400));
        String order = String.format("%03d", 1 + random.nextInt(999));
        String thirteen = (sex.equals("M") ? "1" : "2") + String.format("%02d%02d", birth.getYear() % 100, birth.getMonthValue())
                + dept + commune + order;
        return thirteen + String.format("%02d", nirKey(thirteen));
    }

    static long nirKey(String thirteen) {
        String numeric = thirteen.replace("2A", "19").replace("2B", "18");
        return 97 - Long.parseLong(numeric) % 97;
    }

    static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
