package fr.pairobs.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo region's people and their pathways. Hospital patients of CH Le Vinatier (Lyon) and of
 * CHS Alpes-Isère (Saint-Égrève); most of them meet peer workers (the hospital's MSPs, GEM
 * Constellation in Lyon, GEM Les 4 Saisons in Grenoble) from a first contact between July 2023 and
 * December 2024; others only meet the GEMs or the association. Responders (60 % of the people with
 * peer support) get the planted effects.
 */
final class DemoPopulation {
    static final String VINATIER = "690780648";
    static final String ALPES_ISERE = "380780080";
    static final LocalDate FIRST_CONTACT_FROM = LocalDate.of(2023, 7, 1);
    static final LocalDate FIRST_CONTACT_TO = LocalDate.of(2024, 12, 31);
    static final LocalDate DATA_END = LocalDate.of(2025, 12, 31);
    static final double RESPONDER_SHARE = 0.6;

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

    static List<DemoPerson> generate(Random random, int size) {
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
            boolean responder = first != null && random.nextDouble() < RESPONDER_SHARE;
            people.add(person(random, i, residence, hospital, first, partners, responder));
        }
        // two homonyms born the same day with different NIRs, both at CH Le Vinatier: they must stay two people
        DemoPerson model = people.stream().filter(p -> p.peerPartners().contains("ch-le-vinatier")).findFirst().orElseThrow();
        people.add(new DemoPerson(size, model.lastName(), model.firstName(), model.birthDate(), model.sex(),
                nir(random, model.sex(), model.birthDate(), "69"), "69", VINATIER, model.firstContact(), model.peerPartners(),
                false, 0.5, 6));
        return people;
    }

    private static DemoPerson person(Random random, int id, String residence, String hospital, LocalDate first,
            List<String> partners, boolean responder) {
        String sex = random.nextBoolean() ? "F" : "M";
        String firstName = sex.equals("F") ? pick(random, FIRST_NAMES_F) : pick(random, FIRST_NAMES_M);
        LocalDate birth = LocalDate.of(1950 + random.nextInt(55), 1, 1).plusDays(random.nextInt(365));
        String birthDept = random.nextInt(10) < 7 ? residence : pick(random, OTHER_BIRTH_DEPTS);
        double severity = hospital == null ? 0 : 0.5 + random.nextDouble() * 1.5;
        int retention = first == null ? 0 : responder ? 6 + random.nextInt(19) : 1 + random.nextInt(12);
        return new DemoPerson(id, pick(random, LAST_NAMES), firstName, birth, sex, nir(random, sex, birth, birthDept), residence,
                hospital, first, List.copyOf(partners), responder, severity, retention);
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
