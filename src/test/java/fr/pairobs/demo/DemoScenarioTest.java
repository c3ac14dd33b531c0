package fr.pairobs.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generator's scenarios on the files it writes, read back as a partner's reader would: first contacts tied to the
 * RIM-P stays as the timing says, a truth of exactly 0 without an effect and a truth from forked pathways with it,
 * byte-identical exports for a seed and scenario, first contacts in 2025 and next-day transfers between hospitals.
 */
class DemoScenarioTest {
    private static final long SEED = 42;
    private static final double SCALE = 0.5;
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    @TempDir
    Path home;

    @Test
    void testUnknownScenarioNamesEveryScenario() {
        assertThat(DemoScenario.parse("null-after-discharge")).isEqualTo(
                new DemoScenario("null-after-discharge", false, DemoScenario.Timing.AFTER_DISCHARGE));
        assertThatThrownBy(() -> DemoScenario.parse("after")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown demo scenario 'after'; scenarios are: planted, null, null-during-stay, null-after-discharge, "
                        + "effect-during-stay, effect-after-discharge, null-none, effect-none");
    }

    @Test
    void testAfterDischargeFirstContactsFallOneToFourteenDaysAfterADischargeInTheRimpExports() throws IOException {
        assertEveryFirstContact("null-after-discharge", "not 1-14 days after a discharge", (exports, nir, t0) -> {
            List<LocalDate[]> episodes = exports.episodes(nir);
            return episodes.stream().anyMatch(e -> !t0.isBefore(e[1].plusDays(1)) && !t0.isAfter(e[1].plusDays(14))
                    && episodes.stream().noneMatch(next -> next[0].isAfter(e[1]) && !next[0].isAfter(t0)));
        });
    }

    @Test
    void testDuringStayFirstContactsFallInsideAFullTimeStayInTheRimpExports() throws IOException {
        assertEveryFirstContact("null-during-stay", "outside a full-time stay", (exports, nir, t0) ->
                exports.stays.get(nir).stream().anyMatch(s -> s.fullTime() && !t0.isBefore(s.start()) && t0.isBefore(s.end())));
    }

    /** Where a first contact must fall, given the patient's RIM-P sequences. */
    private interface Placement {
        boolean holds(Exports exports, String nir, LocalDate firstContact);
    }

    private void assertEveryFirstContact(String scenario, String wrongly, Placement placement) throws IOException {
        Exports exports = Exports.read(home, scenario);
        Map<String, LocalDate> firstContacts = exports.firstContactsOfPatients();
        assertThat(firstContacts).as("patients with a first contact").hasSizeGreaterThan(150);
        assertThat(firstContacts.entrySet().stream().filter(f -> !placement.holds(exports, f.getKey(), f.getValue()))
                .map(f -> f.getKey() + " first contact " + f.getValue()).toList()).as("first contacts " + wrongly).isEmpty();
    }

    @Test
    void testNullScenarioTruthIsZeroForEveryEffect() throws IOException {
        new DemoExports().generate(home, SEED, SCALE, DemoScenario.parse("null"));
        JsonNode truth = JsonMapper.builder().build().readTree(home.resolve("demo/truth.json").toFile());
        assertThat(truth.get("scenario").asString()).isEqualTo("null");
        assertThat(truth.get("timing").asString()).isEqualTo("mixed");
        assertThat(truth.get("effect").asBoolean()).isFalse();
        List<String> effects = new ArrayList<>();
        truth.get("effects").forEach(e -> effects.add(e.get("indicator").asString() + " " + e.get("year").asInt() + " "
                + e.get("value").asDouble() + " " + (e.get("people").asLong() > 0)));
        assertThat(effects).containsExactly("hospitalisation 2023 0.0 true", "involuntary_care 2023 0.0 true", "readmission 2023 0.0 true",
                "hospitalisation 2024 0.0 true", "involuntary_care 2024 0.0 true", "readmission 2024 0.0 true");
    }

    @Test
    void testPlantedTruthIsFewerDaysFromForksTheSameOnEveryRunAndStableInTheNumberOfForks() throws IOException {
        new DemoExports().generate(home, SEED, SCALE, DemoScenario.PLANTED);
        JsonNode truth = JsonMapper.builder().build().readTree(home.resolve("demo/truth.json").toFile());
        assertThat(truth.get("effect").asBoolean()).isTrue();
        List<DemoPerson> people = DemoPopulation.generate(SEED, DemoExports.people(SCALE), DemoScenario.PLANTED).people();
        List<DemoTruth.Effect> twenty = DemoTruth.compute(SEED, DemoScenario.PLANTED, people, 20);
        assertThat(DemoTruth.compute(SEED, DemoScenario.PLANTED, people, 20)).as("the same forks again").isEqualTo(twenty);
        List<DemoTruth.Effect> forty = DemoTruth.compute(SEED, DemoScenario.PLANTED, people, 40);
        assertThat(twenty).hasSize(truth.get("effects").size()).hasSameSizeAs(forty);
        for (int i = 0; i < twenty.size(); i++) {
            DemoTruth.Effect written = new DemoTruth.Effect(truth.get("effects").get(i).get("indicator").asString(),
                    truth.get("effects").get(i).get("year").asInt(), truth.get("effects").get(i).get("value").asDouble(),
                    truth.get("effects").get(i).get("monte_carlo_se").asDouble(), truth.get("effects").get(i).get("people").asLong());
            assertThat(written).as("the truth file").isEqualTo(twenty.get(i));
            DemoTruth.Effect k20 = twenty.get(i);
            DemoTruth.Effect k40 = forty.get(i);
            if (k20.indicator().equals("hospitalisation")) {
                assertThat(k20.value()).as("days, %d", k20.year()).isNegative();
                assertThat(k40.value()).as("days with 40 forks, %d", k20.year()).isNotEqualTo(k20.value());
            }
            assertThat(k40.value()).as("%s %d with 40 forks against 20", k20.indicator(), k20.year())
                    .isCloseTo(k20.value(), org.assertj.core.data.Offset.offset(4 * Math.hypot(k20.monteCarloSe(), k40.monteCarloSe())));
        }
    }

    @Test
    void testSameSeedAndScenarioGiveByteIdenticalExports() throws IOException {
        DemoScenario scenario = DemoScenario.parse("effect-after-discharge");
        new DemoExports().generate(home.resolve("a"), SEED, SCALE, scenario);
        new DemoExports().generate(home.resolve("b"), SEED, SCALE, scenario);
        Map<String, byte[]> a = contents(home.resolve("a"));
        Map<String, byte[]> b = contents(home.resolve("b"));
        assertThat(a).hasSizeGreaterThan(40);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((file, bytes) -> assertThat(b.get(file)).as(file).isEqualTo(bytes));
        new DemoExports().generate(home.resolve("c"), SEED, SCALE, DemoScenario.parse("effect-during-stay"));
        Map<String, byte[]> c = contents(home.resolve("c"));
        assertThat(c.keySet().stream().filter(file -> !Arrays.equals(c.get(file), a.get(file))))
                .as("another timing: other first contacts").anyMatch(file -> file.contains("contacts_msp_"));
    }

    @Test
    void testNewPeopleHaveFirstContactsIn2025AndSomeStaysAreNextDayTransfers() throws IOException {
        Exports exports = Exports.read(home, "planted");
        assertThat(exports.firstContactsOfPatients().values().stream().filter(d -> d.getYear() == 2025).count())
                .as("hospital patients first met in 2025").isGreaterThan(10);
        List<String> transfers = new ArrayList<>();
        exports.stays.forEach((nir, stays) -> {
            for (Sequence from : stays) {
                for (Sequence to : stays) {
                    if (from.fullTime() && to.fullTime() && !to.finess().equals(from.finess()) && to.start().equals(from.end().plusDays(1))) {
                        transfers.add(nir + " " + from.finess() + " -> " + to.finess() + " " + to.start());
                    }
                }
            }
        });
        assertThat(transfers).as("next-day transfers between the two hospitals").hasSizeGreaterThan(5);
    }

    private static Map<String, byte[]> contents(Path home) throws IOException {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.put(home.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return contents;
    }

    /** A RIM-P sequence as exported. */
    record Sequence(String finess, LocalDate start, LocalDate end, boolean fullTime) {
    }

    /**
     * The RIM-P sequences (by NIR) and first contacts of one generated home, read from its files. A person with a row
     * the pipeline rejects, or who joined a GEM before its exports (no first contact in them), is left out.
     */
    private static final class Exports {
        final Map<String, List<Sequence>> stays = new HashMap<>();
        final Map<String, String> traitsOfNir = new HashMap<>();
        final Map<String, Set<String>> nirsOfTraits = new HashMap<>();
        final Map<String, LocalDate> contactByNir = new HashMap<>();
        final Map<String, LocalDate> contactByTraits = new HashMap<>();
        final Set<String> leftOut = new HashSet<>();
        final Map<Path, Set<Long>> rejected = new HashMap<>();

        static Exports read(Path home, String scenario) throws IOException {
            DemoExports.Result result = new DemoExports().generate(home, SEED, SCALE, DemoScenario.parse(scenario));
            Exports exports = new Exports();
            for (DemoExports.DemoFile file : result.files()) {
                exports.rejected.put(file.path(), new HashSet<>(file.rejects().stream().map(DemoExports.ExpectedReject::line).toList()));
            }
            for (DemoPerson p : DemoPopulation.generate(SEED, DemoExports.people(SCALE), DemoScenario.parse(scenario)).people()) {
                if (p.memberSince() != null) {
                    exports.leftOut.add(traits(p.lastName(), p.firstName(), p.birthDate()));
                }
            }
            Path inbox = home.resolve("inbox");
            exports.each(inbox.resolve("ch-le-vinatier"), "sejours_rimp_", CP1252, r -> exports.sequence(r.get("FINESS"), r.get("NIR"),
                    french(r.get("Début séquence")), french(r.get("Fin séquence")), r.get("Forme d'activité"),
                    traits(r.get("Nom"), r.get("Prénom"), french(r.get("Date de naissance")))));
            exports.each(inbox.resolve("chs-alpes-isere"), "RIMP_", StandardCharsets.UTF_8, r -> exports.sequence(r.get("FINESS"),
                    r.get("NIR"), LocalDate.parse(r.get("DEBUT_SEQ")), LocalDate.parse(r.get("FIN_SEQ")), r.get("FOR_ACT"),
                    traits(r.get("NOM"), r.get("PRENOM"), LocalDate.parse(r.get("DATE_NAISSANCE")))));
            exports.each(inbox.resolve("ch-le-vinatier"), "contacts_msp_", CP1252, r -> exports.contactByNir.merge(
                    r.get("NIR").replace(" ", ""), french(r.get("Date du contact")), (x, y) -> x.isBefore(y) ? x : y));
            exports.each(inbox.resolve("gem-4-saisons"), "accueils_", StandardCharsets.UTF_8, r -> exports.contactByTraits.merge(
                    traits(r.get("Nom"), r.get("Prénom"), anyDate(r.get("Né(e) le"))), french(r.get("Date")), (x, y) -> x.isBefore(y) ? x : y));
            return exports;
        }

        /** The first contact of every hospital patient that has one: at CH Le Vinatier by NIR, at GEM Les 4 Saisons by traits. */
        Map<String, LocalDate> firstContactsOfPatients() {
            Map<String, LocalDate> first = new TreeMap<>();
            for (String nir : stays.keySet()) {
                String traits = traitsOfNir.get(nir);
                if (leftOut.contains(traits)) {
                    continue;
                }
                LocalDate byNir = contactByNir.get(nir);
                LocalDate byTraits = nirsOfTraits.get(traits).size() == 1 ? contactByTraits.get(traits) : null;
                LocalDate t0 = byNir == null ? byTraits : byTraits == null || byNir.isBefore(byTraits) ? byNir : byTraits;
                if (t0 != null) {
                    first.put(nir, t0);
                }
            }
            return first;
        }

        /** Full-time episodes {admission, discharge}: sequences chained while each starts by the day after the previous ends. */
        List<LocalDate[]> episodes(String nir) {
            List<LocalDate[]> episodes = new ArrayList<>();
            stays.get(nir).stream().filter(Sequence::fullTime).sorted(Comparator.comparing(Sequence::start)).forEach(s -> {
                LocalDate[] last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
                if (last != null && !s.start().isAfter(last[1].plusDays(1))) {
                    last[1] = s.end().isAfter(last[1]) ? s.end() : last[1];
                } else {
                    episodes.add(new LocalDate[] {s.start(), s.end()});
                }
            });
            return episodes;
        }

        private void sequence(String finess, String nir, LocalDate start, LocalDate end, String form, String traits) {
            stays.computeIfAbsent(nir, n -> new ArrayList<>()).add(new Sequence(finess, start, end, Integer.parseInt(form) == 1));
            traitsOfNir.put(nir, traits);
            nirsOfTraits.computeIfAbsent(traits, t -> new HashSet<>()).add(nir);
        }

        /** Every record of the files of a directory starting with a prefix; a rejected record leaves its person out. */
        private void each(Path dir, String prefix, Charset charset, Consumer<CSVRecord> reader) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                    try (Reader in = Files.newBufferedReader(file, charset)) {
                        in.mark(1);
                        if (in.read() != '\uFEFF') {
                            in.reset();
                        }
                        for (CSVRecord r : CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                                .setAllowMissingColumnNames(true).get().parse(in)) {
                            // no value of these files spans lines: the record after the header starts on line 2
                            if (rejected.getOrDefault(file, Set.of()).contains(r.getRecordNumber() + 1)) {
                                leftOut.add(traits(r.get(r.isMapped("Nom") ? "Nom" : "NOM"), r.get(r.isMapped("Prénom") ? "Prénom" : "PRENOM"),
                                        anyDate(r.get(r.isMapped("Date de naissance") ? "Date de naissance"
                                                : r.isMapped("Né(e) le") ? "Né(e) le" : "DATE_NAISSANCE"))));
                                continue;
                            }
                            reader.accept(r);
                        }
                    }
                }
            }
        }

        private static LocalDate french(String date) {
            return LocalDate.parse(date, FRENCH);
        }

        private static LocalDate anyDate(String date) {
            return date.contains("/") ? french(date) : LocalDate.parse(date);
        }

        private static String traits(String lastName, String firstName, LocalDate birthDate) {
            return DemoRegion.stripAccents(lastName).toUpperCase(Locale.ROOT) + "|" + DemoRegion.stripAccents(firstName).toUpperCase(Locale.ROOT)
                    + "|" + birthDate;
        }
    }
}
