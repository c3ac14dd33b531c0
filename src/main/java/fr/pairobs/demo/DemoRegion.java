package fr.pairobs.demo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static fr.pairobs.demo.DemoPopulation.pick;

/**
 * The structures of the demo region and what the observatory, the ARS and the universities send
 * about them: the FINESS extract, the observatory's registry (GEMs, associations, CLSM, universities,
 * funders, in two versions: a GEM renamed between them), the workforce survey, training cohorts and
 * grants. Figures follow those quoted in the field (about 185 positions, 17 peer workers at
 * CH Le Vinatier, 10 at CHS Alpes-Isère, 4 at CHS Sainte-Marie, about 60 training places in 2023).
 */
final class DemoRegion {
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** A structure: id, name, category (canonical), département, commune (COG), FINESS category code or null. */
    record Structure(String id, String name, String category, String departement, String commune, String finessCategory) {
    }

    static final List<Structure> FINESS = List.of(
            new Structure("690780648", "CH LE VINATIER", "CHS", "69", "69029", "292"),
            new Structure("380780080", "CHS ALPES-ISERE", "CHS", "38", "38382", "292"),
            new Structure("630780989", "CHS SAINTE-MARIE", "CHS", "63", "63113", "292"),
            new Structure("260000195", "CH LE VALMONT", "CHS", "26", "26197", "292"),
            new Structure("010780062", "CH PSYCHIATRIQUE DE L'AIN", "CHS", "01", "01053", "292"),
            new Structure("420013492", "CHU SAINT-ETIENNE", "CH", "42", "42218", "355"),
            new Structure("730780525", "CHS DE LA SAVOIE", "CHS", "73", "73011", "292"),
            new Structure("740781133", "EPSM HAUTE-SAVOIE", "CHS", "74", "74213", "292"),
            new Structure("030780092", "CH MOULINS YZEURE", "CH", "03", "03321", "355"),
            new Structure("150780096", "CH AURILLAC", "CH", "15", "15014", "355"),
            new Structure("430000034", "CH EMILE ROUX LE PUY", "CH", "43", "43157", "355"),
            new Structure("070780358", "CH SAINTE-MARIE PRIVAS", "CHS", "07", "07186", "292"),
            new Structure("690041264", "CMP LYON 3E", "CMP", "69", "69123", "156"),
            new Structure("690041272", "CMP VILLEURBANNE", "CMP", "69", "69266", "156"),
            new Structure("380012345", "CMP GRENOBLE CENTRE", "CMP", "38", "38185", "156"),
            new Structure("260012340", "CMP VALENCE", "CMP", "26", "26362", "156"),
            new Structure("740012347", "CMP ANNECY", "CMP", "74", "74010", "156"),
            new Structure("420012349", "CMP SAINT-ETIENNE", "CMP", "42", "42218", "156"),
            new Structure("630012342", "CMP CLERMONT-FERRAND", "CMP", "63", "63113", "156"),
            new Structure("690023456", "SAMSAH LYON RETABLISSEMENT", "SAMSAH", "69", "69123", "445"),
            new Structure("380023451", "SAMSAH GRENOBLE", "SAMSAH", "38", "38185", "445"),
            new Structure("630023458", "SAVS CLERMONT", "SAVS", "63", "63113", "446"),
            new Structure("740023459", "SAVS ANNECY", "SAVS", "74", "74010", "446"));

    static final List<Structure> REGISTRY = List.of(
            new Structure("OBS-GEM-4SAISONS", "GEM Les 4 Saisons", "GEM", "38", "38185", null),
            new Structure("OBS-GEM-ECLAIRCIE", "GEM L'Éclaircie", "GEM", "38", "38185", null),
            new Structure("OBS-GEM-ENVOL", "GEM L'Envol", "GEM", "38", "38185", null),
            new Structure("OBS-GEM-CONSTELLATION", "GEM Constellation", "GEM", "69", "69123", null),
            new Structure("OBS-GEM-LELIEN", "GEM Le Lien", "GEM", "26", "26362", null),
            new Structure("OBS-GEM-REBONDS", "GEM Rebonds", "GEM", "07", "07010", null),
            new Structure("OBS-GEM-PARENTHESE", "GEM La Parenthèse", "GEM", "63", "63113", null),
            new Structure("OBS-GEM-CHAMBERY", "GEM Le Pas Sage", "GEM", "73", "73065", null),
            new Structure("OBS-GEM-ANNECY", "GEM L'Oasis", "GEM", "74", "74010", null),
            new Structure("OBS-GEM-STETIENNE", "GEM Entre-Nous", "GEM", "42", "42218", null),
            new Structure("OBS-GEM-BOURG", "GEM La Passerelle", "GEM", "01", "01053", null),
            new Structure("OBS-GEM-MOULINS", "GEM Le Trait d'Union", "GEM", "03", "03190", null),
            new Structure("OBS-ASSO-REHAB", "Association de pair-aidance de Lyon", "association", "69", "69123", null),
            new Structure("OBS-ASSO-UNAFAM69", "Délégation familles Rhône", "association", "69", "69123", null),
            new Structure("OBS-ASSO-ISERE", "Pairs en Isère", "association", "38", "38185", null),
            new Structure("OBS-CLSM-LYON", "CLSM de Lyon", "CLSM", "69", "69123", null),
            new Structure("OBS-CLSM-GRENOBLE", "CLSM de Grenoble", "CLSM", "38", "38185", null),
            new Structure("OBS-CLSM-CLERMONT", "CLSM de Clermont-Ferrand", "CLSM", "63", "63113", null),
            new Structure("OBS-UNIV-LYON1", "Université Claude Bernard Lyon 1", "university", "69", "69266", null),
            new Structure("OBS-UNIV-UGA", "Université Grenoble Alpes", "university", "38", "38185", null),
            new Structure("OBS-UNIV-UCA", "Université Clermont Auvergne", "university", "63", "63113", null),
            new Structure("OBS-FUND-ARS", "ARS Auvergne-Rhône-Alpes", "funder", "69", "69123", null),
            new Structure("OBS-FUND-CD38", "Département de l'Isère", "funder", "38", "38185", null),
            new Structure("OBS-FUND-REGION", "Région Auvergne-Rhône-Alpes", "funder", "69", "69123", null));

    private final Random random;

    DemoRegion(Random random) {
        this.random = random;
    }

    /** The public FINESS extract: metadata line, structureet lines (no header), geolocalisation lines; Latin-1. */
    DemoExports.DemoFile finessExtract(Path dir) throws IOException {
        int kept = 0;
        try (DemoCsv csv = new DemoCsv(dir, "etalab-cs1100507-stock-20250101-0400.csv", ';', "\r\n", StandardCharsets.ISO_8859_1,
                false)) {
            csv.raw("finess;etalab;95;2025-01-01", "\r\n");
            List<Structure> all = new ArrayList<>(FINESS);
            // establishments the observatory does not follow: a pharmacy, a Paris CMP (filtered, not rejected)
            all.add(new Structure("690012340", "PHARMACIE DU PARC", "other", "69", "69123", "620"));
            all.add(new Structure("750012344", "CMP PARIS 15E", "CMP", "75", "75115", "156"));
            for (Structure s : all) {
                String commune3 = s.commune().substring(2);
                // the extract writes the département as in the file spec; Ain arrives as "1" in some rows (repaired)
                String dept = s.departement().equals("01") && random.nextBoolean() ? "1" : s.departement();
                csv.row("structureet", s.id(), s.id().substring(0, 2) + "0000001", s.name(), s.name(), "", "", "1", "R", "DES LILAS",
                        "", "", commune3, dept, "DEPT", s.commune() + " VILLE", "0400000000", "", s.finessCategory(),
                        label(s.finessCategory()), "1101", "Etablissements Hospitaliers", "", "8610Z", "03", "ARS", "1", "SPH",
                        "1990-01-01", "1990-01-01", "2024-06-30", "");
                if (!s.finessCategory().equals("620") && !s.departement().equals("75")) {
                    kept++;
                }
            }
            for (Structure s : all) {
                csv.raw("geolocalisation;" + s.id() + ";845123.4;6520123.1;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2024-06-30",
                        "\r\n");
            }
            return new DemoExports.DemoFile("finess", "finess.structures", "structures", csv.path(), csv.rows(), kept, List.of());
        }
    }

    private static String label(String category) {
        return switch (category) {
            case "355" -> "Centre Hospitalier (C.H.)";
            case "292" -> "Centre Hospitalier Spécialisé lutte Maladies Mentales";
            case "156" -> "Centre Médico-Psychologique (C.M.P.)";
            case "445" -> "Service d'accompagnement médico-social adultes handicapés";
            case "446" -> "Service d'Accompagnement à la Vie Sociale";
            default -> "Pharmacie d'Officine";
        };
    }

    /** The observatory's registry of structures outside FINESS, twice: GEM L'Envol is renamed in July 2025. */
    List<DemoExports.DemoFile> registry(Path dir) throws IOException {
        List<DemoExports.DemoFile> files = new ArrayList<>();
        for (String version : List.of("2025-01", "2025-07")) {
            try (DemoCsv csv = new DemoCsv(dir, "registre_structures_" + version + ".csv", ';', "\r\n", StandardCharsets.UTF_8, false,
                    "Identifiant", "Nom", "Type", "Département", "Commune INSEE", "Ouverture", "Fermeture")) {
                for (Structure s : REGISTRY) {
                    String name = s.id().equals("OBS-GEM-ENVOL") && version.equals("2025-07") ? "GEM L'Envol Grenoble Sud" : s.name();
                    csv.row(s.id(), name, s.category(), s.departement(), s.commune(), "01/01/20" + (10 + Math.floorMod(s.id().hashCode(), 12)),
                            "");
                }
                files.add(DemoExports.done(csv, "observatoire", "observatoire.structures", "structures", List.of()));
            }
        }
        return files;
    }

    /**
     * The yearly workforce survey: one line per peer-support position, paid or not. Volunteers (Bénévole in
     * Contrat) work beside the paid peer workers of some sites, and are all of the GEMs' and two associations'.
     */
    List<DemoExports.DemoFile> workforce(Path dir) throws IOException {
        record Site(String structure, int positions, String role, boolean hospital, int volunteers) {
        }
        List<Site> sites = List.of(new Site("690780648", 18, "MSP", true, 2), new Site("380780080", 10, "MSP", true, 1),
                new Site("630780989", 4, "MSP", true, 0), new Site("260000195", 4, "MSP", true, 0), new Site("010780062", 3, "MSP", true, 0),
                new Site("730780525", 3, "MSP", true, 0), new Site("740781133", 3, "MSP", true, 0), new Site("420013492", 2, "MSP", true, 0),
                new Site("690041264", 2, "Pair-aidant", true, 1), new Site("380012345", 2, "Pair-aidant", true, 0),
                new Site("690023456", 3, "Pair-aidant", false, 2), new Site("380023451", 2, "Pair-aidant", false, 1),
                new Site("630023458", 2, "Pair-aidant", false, 0), new Site("OBS-ASSO-REHAB", 8, "Bénévole", false, 0),
                new Site("OBS-ASSO-UNAFAM69", 6, "Pair-aidant familial", false, 3), new Site("OBS-ASSO-ISERE", 5, "Bénévole", false, 0));
        String[] trainings = {"DU Lyon 1", "DU Lyon 1", "DU Grenoble", "DU Clermont", "Licence MSP", "Aucune", "Formation associative"};
        List<DemoExports.DemoFile> files = new ArrayList<>();
        for (int year = 2023; year <= 2025; year++) {
            List<DemoExports.ExpectedReject> rejects = new ArrayList<>();
            try (DemoCsv csv = new DemoCsv(dir, "postes_pair_aidance_" + year + ".csv", ';', "\r\n", WINDOWS_1252, false,
                    "Poste", "Structure", "Code salarié", "Fonction", "Contrat", "ETP", "Début", "Fin", "Formation", "Financement")) {
                int growth = year - 2023;
                List<String[]> rows = new ArrayList<>();
                for (Site site : sites) {
                    for (int i = 1; i <= site.positions() + (site.hospital() ? growth : 0); i++) {
                        Random r = new Random(site.structure().hashCode() * 31L + i);
                        boolean volunteer = site.role().equals("Bénévole");
                        String contract = volunteer ? "Bénévole" : r.nextDouble() < 0.45 + 0.1 * growth ? "CDI" : r.nextDouble() < 0.8 ? "CDD" : "Vacation";
                        String fte = volunteer ? "0,2" : pick(r, new String[] {"1", "0,8", "0,5", "0,6", "1"});
                        String code = site.structure().equals("690780648") ? String.format("MSP%02d", i) : site.structure().substring(0, 4) + "-" + i;
                        rows.add(new String[] {year + "-" + site.structure() + "-" + i, site.structure(), code, site.role(), contract, fte,
                                LocalDate.of(2019 + r.nextInt(4), 1 + r.nextInt(12), 1).format(FRENCH), "",
                                volunteer ? "Formation associative" : pick(r, trainings),
                                site.hospital() ? "ARS FIR" : "Département"});
                    }
                    // volunteers of a site with paid peer workers: the same role, no contract, no funding
                    for (int v = 1; v <= site.volunteers(); v++) {
                        String code = site.structure().substring(0, 4) + "-B" + v;
                        rows.add(new String[] {year + "-" + site.structure() + "-B" + v, site.structure(), code,
                                site.role().equals("MSP") ? "Pair-aidant" : site.role(), "Bénévole", v % 2 == 0 ? "0,1" : "0,2",
                                "01/0" + v + "/2021", "", "Formation associative", ""});
                    }
                }
                // GEM facilitators: volunteers of the GEMs
                for (Structure gem : REGISTRY.stream().filter(s -> s.category().equals("GEM")).toList()) {
                    for (int i = 1; i <= 3; i++) {
                        rows.add(new String[] {year + "-" + gem.id() + "-" + i, gem.id(), gem.id().substring(8) + i, "Bénévole",
                                "Bénévole", "0,2", "01/09/2020", "", "Formation associative", "CNSA"});
                    }
                }
                int n = 0;
                for (String[] row : rows) {
                    if (year == 2024 && n == 9) {
                        row[5] = "1,5";
                        rejects.add(new DemoExports.ExpectedReject(csv.nextLine(), "ETP", "above the maximum"));
                    }
                    csv.row((Object[]) row);
                    n++;
                }
                files.add(DemoExports.done(csv, "observatoire", "observatoire.peer_workers", "peer_workers", rejects));
            }
        }
        return files;
    }

    /** Training cohorts of the university diplomas, 2022 to 2025 (about 60 places co-funded by the ARS in 2023). */
    DemoExports.DemoFile training(Path dir) throws IOException {
        try (DemoCsv csv = new DemoCsv(dir, "formations_2025.csv", ';', "\r\n", StandardCharsets.UTF_8, false, "Formation",
                "Organisme", "Année", "Places financées", "Financeur", "Inscrits", "Diplômés")) {
            String[][] programmes = {{"DU Pair-aidance en santé mentale", "Université Claude Bernard Lyon 1", "22"},
                    {"DU Pair-aidance", "Université Grenoble Alpes", "16"}, {"DU Pair-aidance", "Université Clermont Auvergne", "12"},
                    {"DU Pair-aidance familiale", "Université Claude Bernard Lyon 1", "10"}};
            for (int year = 2022; year <= 2025; year++) {
                for (String[] p : programmes) {
                    int places = Integer.parseInt(p[2]) + (year >= 2024 ? 2 : 0);
                    int enrolled = places + random.nextInt(5);
                    csv.row(p[0], p[1], year, places, "ARS Auvergne-Rhône-Alpes", enrolled, year == 2025 ? "" : enrolled - random.nextInt(4));
                }
            }
            return DemoExports.done(csv, "observatoire", "observatoire.training", "training", List.of());
        }
    }

    /** Grants of the ARS and co-funders to the structures employing or hosting peer workers. */
    DemoExports.DemoFile funding(Path dir) throws IOException {
        List<DemoExports.ExpectedReject> rejects = new ArrayList<>();
        try (DemoCsv csv = new DemoCsv(dir, "subventions_pair_aidance_2025.csv", ';', "\r\n", WINDOWS_1252, false, "N° dossier",
                "Financeur", "Type de financeur", "FINESS / code", "Exercice", "Montant (€)", "Modalité", "Objet", "Début", "Fin")) {
            int n = 0;
            for (int year = 2023; year <= 2025; year++) {
                for (Structure s : FINESS.subList(0, 12)) {
                    boolean cpom = Math.floorMod(s.id().hashCode(), 3) == 0;
                    String amount = String.format(Locale.FRANCE, "%,.2f", 45000.0 + 15000 * Math.floorMod(s.id().hashCode() + year, 5))
                            .replace('\u202F', ' ').replace('\u00A0', ' ');
                    if (year == 2024 && s.equals(FINESS.get(5))) {
                        amount = "douze mille";
                        rejects.add(new DemoExports.ExpectedReject(csv.nextLine(), "Montant (€)", "expected a number"));
                    }
                    csv.row("ARS-" + year + "-" + s.id(), "ARS Auvergne-Rhône-Alpes", "ARS FIR", s.id(), year, amount,
                            cpom ? "CPOM pluriannuel" : "Appel à projets annuel", "Postes", "01/01/" + year, "31/12/" + year);
                    n++;
                }
                for (Structure gem : REGISTRY.stream().filter(s -> s.category().equals("GEM")).toList()) {
                    csv.row("CNSA-" + year + "-" + gem.id(), "ARS Auvergne-Rhône-Alpes (crédits CNSA)", "CNSA", gem.id(), year,
                            "80 000,00", "Dotation pérenne", "Logistique", "01/01/" + year, "31/12/" + year);
                }
                csv.row("CD38-" + year + "-1", "Département de l'Isère", "Département", "OBS-ASSO-ISERE", year, "12 500,00",
                        "Appel à projets annuel", "Supervision", "01/01/" + year, "31/12/" + year);
                csv.row("REG-" + year + "-1", "Région Auvergne-Rhône-Alpes", "Région", "OBS-UNIV-LYON1", year, "30 000,00",
                        "Appel à projets annuel", "Formation", "01/01/" + year, "31/12/" + year);
            }
            return DemoExports.done(csv, "ars-ara", "ars-ara.funding", "funding", rejects);
        }
    }

    static String stripAccents(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }
}
