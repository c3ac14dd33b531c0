package fr.pairobs.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import static java.util.Objects.requireNonNull;

/**
 * Deterministic synthetic exports of the demo partners, each in its own dialect, dropped into their
 * inboxes ({@code <home>/inbox/<partner>/}). The same seed gives byte-identical files. A few rows
 * carry the defects real exports have; the result lists them so that tests know what must be
 * rejected, and lists every identifying value written so that tests can prove none leaks.
 */
public final class DemoExports {
    static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier",
            "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Faure",
            "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Chevalier",
            "Masson", "Gérard", "Nguyen", "Boyer", "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meunier", "Pérez", "Marchand",
            "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Leroux", "Fernandez", "Renard", "Arnaud", "Giraud",
            "Vidal", "Bourgeois", "Lemoine", "Picard", "Lacroix", "Fabre", "Da Silva", "Rivière", "Le Gall", "Ménard", "Fleury",
            "Benoît", "Prévost", "Carré", "Rémy", "Saint-Cyr", "D'Arcy", "Le Béhec", "Chaptal", "Bénézet", "Vérot", "Desgranges"};
    static final String[] FIRST_NAMES_F = {"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Léa", "Chloé",
            "Inès", "Zoé", "Élodie", "Hélène", "Noémie", "Maëlle", "Anaïs", "Gaëlle", "Marie-Claire", "Anne-Sophie", "Yasmine",
            "Aïcha", "Fatou", "Céline", "Émilie", "Agnès"};
    static final String[] FIRST_NAMES_M = {"Jean", "Pierre", "Michel", "André", "Philippe", "Jérôme", "Stéphane", "Frédéric",
            "Sébastien", "Cédric", "Benoît", "Loïc", "Jean-Luc", "Hugo", "Lucas", "Théo", "Léo", "Émile", "Raphaël", "Karim",
            "Mehdi", "François", "Joël", "Grégoire"};
    static final String[] REGION_DEPTS = {"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"};
    static final int[] REGION_WEIGHTS = {6, 3, 3, 1, 5, 13, 8, 2, 7, 19, 4, 8};
    static final String[] OTHER_BIRTH_DEPTS = {"75", "13", "2A", "2B", "59", "33", "67", "21", "71", "34"};

    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Generates the exports; {@code scale} multiplies people and rows (1.0: about 1,500 contact rows). */
    public Result generate(Path home, long seed, double scale) {
        requireNonNull(home, "home is null");
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be positive");
        }
        Random random = new Random(seed);
        List<DemoPerson> people = population(random, Math.max(40, (int) Math.round(400 * scale)));
        Set<String> identifying = new LinkedHashSet<>();
        for (DemoPerson p : people) {
            identifying.add(p.nir());
            identifying.add(p.lastName());
            identifying.add(p.firstName());
            identifying.add(p.birthDate().format(FRENCH));
            identifying.add(p.birthDate().toString());
        }
        List<DemoFile> files = new ArrayList<>();
        try {
            files.addAll(vinatier(home, random, people, scale));
            files.addAll(gem4Saisons(home, random, people, scale));
            files.add(constellation(home, random, people, scale));
            files.add(association(home, random, people, scale));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write demo exports under " + home + ": " + e.getMessage(), e);
        }
        return new Result(List.copyOf(files), Set.copyOf(identifying));
    }

    static List<DemoPerson> population(Random random, int size) {
        List<DemoPerson> people = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            people.add(person(random, i));
        }
        // two homonyms born the same day, with different NIRs: they must stay two people
        DemoPerson model = people.get(1);
        people.add(new DemoPerson(size, model.lastName(), model.firstName(), model.birthDate(), model.sex(),
                nir(random, model.sex(), model.birthDate(), "69"), "69"));
        return people;
    }

    private static DemoPerson person(Random random, int id) {
        String sex = random.nextBoolean() ? "F" : "M";
        String first = sex.equals("F") ? pick(random, FIRST_NAMES_F) : pick(random, FIRST_NAMES_M);
        LocalDate birth = LocalDate.of(1950 + random.nextInt(55), 1, 1).plusDays(random.nextInt(365));
        String residence = weightedDept(random);
        String birthDept = random.nextInt(10) < 7 ? residence : pick(random, OTHER_BIRTH_DEPTS);
        return new DemoPerson(id, pick(random, LAST_NAMES), first, birth, sex, nir(random, sex, birth, birthDept), residence);
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

    private static String weightedDept(Random random) {
        int total = 0;
        for (int w : REGION_WEIGHTS) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < REGION_WEIGHTS.length; i++) {
            r -= REGION_WEIGHTS[i];
            if (r < 0) {
                return REGION_DEPTS[i];
            }
        }
        return REGION_DEPTS[0];
    }

    // ---- CH Le Vinatier: ';', Windows-1252, CRLF, dd/MM/yyyy, NIR and traits, monthly files

    private List<DemoFile> vinatier(Path home, Random random, List<DemoPerson> people, double scale) throws IOException {
        List<DemoPerson> patients = new ArrayList<>(people.subList(0, people.size() / 2));
        patients.add(people.get(people.size() - 1)); // the homonym
        String[] header = {"N° contact", "Matricule MSP", "FINESS", "Date du contact", "Modalité", "Durée (min)", "Lieu", "NIR",
                "Nom", "Prénom", "Date de naissance", "Sexe", "Département de résidence"};
        String[] modalities = {"Individuel", "Individuel", "Groupe", "Téléphone", "Aller-vers", "Visio"};
        String[] settings = {"Unité", "Unité", "CMP", "Domicile", "Cité", "GEM"};
        List<DemoFile> files = new ArrayList<>();
        int contactNo = 1;
        for (int month = 1; month <= 6; month++) {
            DemoCsv csv = new DemoCsv(';', "\r\n", WINDOWS_1252, false, header);
            int rows = (int) Math.round(45 * scale);
            List<ExpectedReject> rejects = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                DemoPerson p = r == 0 ? people.get(1) : r == 1 ? people.get(people.size() - 1) : pick(random, patients);
                LocalDate day = LocalDate.of(2025, month, 1 + random.nextInt(28));
                String date = day.format(FRENCH);
                String nir = p.nir();
                if (month == 2 && r == 5) {
                    nir = nir.substring(0, 13) + String.format("%02d", (Long.parseLong(nir.substring(13)) % 97) + 1);
                    rejects.add(new ExpectedReject(csv.nextLine(), "NIR", "invalid NIR"));
                } else if (month == 3 && r == 7) {
                    date = "31/02/2025";
                    rejects.add(new ExpectedReject(csv.nextLine(), "Date du contact", "expected a date"));
                }
                // spreadsheets strip leading zeros: Ain's 01 arrives as 1 and is repaired
                String residence = p.residenceDept().equals("01") && random.nextBoolean() ? "1" : p.residenceDept();
                csv.row("V" + String.format("%06d", contactNo++), "MSP" + String.format("%02d", 1 + random.nextInt(17)),
                        "690780648", date, pick(random, modalities), String.valueOf(15 + 15 * random.nextInt(6)),
                        pick(random, settings), formatNir(random, nir), p.lastName(), p.firstName(), p.birthDate().format(FRENCH),
                        p.sex().equals("M") ? "H" : "F", residence);
            }
            Path file = csv.writeTo(home.resolve("inbox/ch-le-vinatier"), String.format("contacts_msp_2025-%02d.csv", month));
            files.add(new DemoFile("ch-le-vinatier", "ch-le-vinatier.peer_contacts", file, rows, rows - rejects.size(), rejects));
        }
        return files;
    }

    private static String formatNir(Random random, String nir) {
        // some systems print the NIR grouped: 1 80 02 69 123 456 78
        if (random.nextInt(5) == 0) {
            return nir.charAt(0) + " " + nir.substring(1, 3) + " " + nir.substring(3, 5) + " " + nir.substring(5, 7) + " "
                    + nir.substring(7, 10) + " " + nir.substring(10, 13) + " " + nir.substring(13);
        }
        return nir;
    }

    // ---- GEM Les 4 Saisons: ';', UTF-8 with BOM, dd/MM/yyyy (some ISO), trailing ';', quarterly files

    private List<DemoFile> gem4Saisons(Path home, Random random, List<DemoPerson> people, double scale) throws IOException {
        int n = people.size() - 1;
        List<DemoPerson> members = people.subList((int) (n * 0.3), (int) (n * 0.7));
        String[] header = {"N° passage", "Nom", "Prénom", "Né(e) le", "Sexe", "Date", "Type d'accueil", "Durée", "Lieu", "Animateur", ""};
        String[] modalities = {"Accueil individuel", "Groupe de parole", "Groupe de parole", "Appel", "Sortie"};
        String[] settings = {"Local du GEM", "Local du GEM", "Extérieur", "Domicile"};
        List<DemoFile> files = new ArrayList<>();
        int passage = 1;
        for (int quarter = 1; quarter <= 2; quarter++) {
            DemoCsv csv = new DemoCsv(';', "\r\n", StandardCharsets.UTF_8, true, header);
            int rows = (int) Math.round(120 * scale);
            List<ExpectedReject> rejects = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                DemoPerson p = pick(random, members);
                LocalDate day = LocalDate.of(2025, 3 * (quarter - 1) + 1 + random.nextInt(3), 1 + random.nextInt(28));
                String modality = pick(random, modalities);
                if (quarter == 1 && r == 10) {
                    modality = "Atelier cuisine";
                    rejects.add(new ExpectedReject(csv.nextLine(), "Type d'accueil", "unknown value"));
                }
                // volunteers type names their own way: capitals without accents must still link
                boolean shouting = random.nextInt(4) == 0;
                csv.row("P" + quarter + "-" + String.format("%05d", passage++),
                        shouting ? stripAccents(p.lastName()).toUpperCase(Locale.ROOT) : p.lastName(),
                        shouting ? stripAccents(p.firstName()).toUpperCase(Locale.ROOT) : p.firstName(),
                        random.nextInt(6) == 0 ? p.birthDate().toString() : p.birthDate().format(FRENCH),
                        p.sex().equals("M") ? "H" : "F", day.format(FRENCH), modality, String.valueOf(30 + 30 * random.nextInt(4)),
                        pick(random, settings), "Anim" + (1 + random.nextInt(4)), "");
            }
            Path file = csv.writeTo(home.resolve("inbox/gem-4-saisons"), "accueils_2025T" + quarter + ".csv");
            files.add(new DemoFile("gem-4-saisons", "gem-4-saisons.peer_contacts", file, rows, rows - rejects.size(), rejects));
        }
        return files;
    }

    // ---- GEM Constellation: ',', UTF-8, LF, ISO dates, quoted multi-line comments

    private DemoFile constellation(Path home, Random random, List<DemoPerson> people, double scale) throws IOException {
        int n = people.size() - 1;
        List<DemoPerson> members = people.subList((int) (n * 0.6), (int) (n * 0.9));
        String[] header = {"id", "date_activite", "format", "duree_minutes", "lieu", "pair_aidant", "nom", "prenom",
                "date_naissance", "genre", "departement", "Observations"};
        String[] modalities = {"entretien", "collectif", "collectif", "telephone", "maraude", "visio"};
        String[] settings = {"gem", "gem", "exterieur", "domicile"};
        String[] notes = {"", "", "RAS", "Premier accueil,\norientée par le CMP", "Atelier \"écriture\"", "Suivi\nà poursuivre"};
        DemoCsv csv = new DemoCsv(',', "\n", StandardCharsets.UTF_8, false, header);
        int rows = (int) Math.round(300 * scale);
        List<ExpectedReject> rejects = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            DemoPerson p = pick(random, members);
            LocalDate day = LocalDate.of(2025, 1 + random.nextInt(6), 1 + random.nextInt(28));
            String id = "CST-" + String.format("%05d", r + 1);
            if (r == 20) {
                id = "";
                rejects.add(new ExpectedReject(csv.nextLine(), "id", "required value is missing"));
            }
            csv.row(id, day.toString(), pick(random, modalities), String.valueOf(20 + 10 * random.nextInt(8)),
                    pick(random, settings), "PA" + (1 + random.nextInt(6)), p.lastName(), p.firstName(), p.birthDate().toString(),
                    p.sex().equals("M") ? "homme" : "femme", p.residenceDept(), pick(random, notes));
        }
        Path file = csv.writeTo(home.resolve("inbox/gem-constellation"), "journal-2025-S1.csv");
        return new DemoFile("gem-constellation", "gem-constellation.peer_contacts", file, rows, rows - rejects.size(), rejects);
    }

    // ---- peer-support association: ';', Windows-1252, own pseudonym, minutes with a decimal comma

    private DemoFile association(Path home, Random random, List<DemoPerson> people, double scale) throws IOException {
        int n = people.size() - 1;
        List<DemoPerson> members = people.subList((int) (n * 0.85), n);
        String[] header = {"Réf", "Code adhérent", "Date", "Forme", "Durée (minutes)", "Intervenant", "Dépt"};
        String[] modalities = {"Individuel", "Individuel", "Collectif", "Téléphone", "Visio"};
        DemoCsv csv = new DemoCsv(';', "\r\n", WINDOWS_1252, false, header);
        int rows = (int) Math.round(240 * scale);
        List<ExpectedReject> rejects = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            DemoPerson p = pick(random, members);
            LocalDate day = LocalDate.of(2025, 1 + random.nextInt(6), 1 + random.nextInt(28));
            String minutes = (30 + 15 * random.nextInt(5)) + ",0";
            if (r == 33) {
                minutes = "abc";
                rejects.add(new ExpectedReject(csv.nextLine(), "Durée (minutes)", "expected a whole number"));
            }
            csv.row("A" + String.format("%05d", r + 1), "ADH-" + String.format("%04d", p.id()), day.format(FRENCH),
                    pick(random, modalities), minutes, "Bénévole " + (1 + random.nextInt(5)), p.residenceDept());
        }
        Path file = csv.writeTo(home.resolve("inbox/asso-rehab"), "Accompagnements 2025.csv");
        return new DemoFile("asso-rehab", "asso-rehab.peer_contacts", file, rows, rows - rejects.size(), rejects);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static String stripAccents(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** A CSV file being written in a partner's dialect, tracking the physical line each record starts on. */
    private static final class DemoCsv {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CSVPrinter printer;
        private final Writer writer;
        private long line = 1;

        DemoCsv(char delimiter, String recordSeparator, Charset charset, boolean bom, String[] header) throws IOException {
            if (bom) {
                bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            writer = new OutputStreamWriter(bytes, charset);
            printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setDelimiter(delimiter).setRecordSeparator(recordSeparator).get());
            printer.printRecord((Object[]) header);
            line = 2;
        }

        long nextLine() {
            return line;
        }

        void row(String... values) throws IOException {
            printer.printRecord((Object[]) values);
            for (String v : values) {
                line += v.chars().filter(c -> c == '\n').count();
            }
            line++;
        }

        Path writeTo(Path dir, String name) throws IOException {
            printer.flush();
            writer.flush();
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + name + ".tmp");
            Files.write(temp, bytes.toByteArray());
            Path target = dir.resolve(name);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /** A row the engine must reject: the physical line it starts on, the partner column, a word of the reason. */
    public record ExpectedReject(long line, String column, String reasonContains) {
    }

    /** One generated export and what the pipeline must make of it. */
    public record DemoFile(String partner, String feed, Path path, int rows, int validRows, List<ExpectedReject> rejects) {
    }

    /** All generated exports, and every identifying value written in them. */
    public record Result(List<DemoFile> files, Set<String> identifyingValues) {
        public int validRows() {
            return files.stream().mapToInt(DemoFile::validRows).sum();
        }

        public int rejectedRows() {
            return files.stream().mapToInt(f -> f.rejects().size()).sum();
        }
    }
}
