package fr.pairobs.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.release.OpenRelease;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open release attacked as an outsider would, from its published files alone (the tables' CSV files, the
 * manifest, disclosure_audit.csv), over two consecutive nights: a partner re-sends an export with one more person
 * between them. The attacker below shares no code with the audit: it finds the relations itself in the published rows
 * (sums over the hierarchy, means that add up with a weight taken from the same row or a sibling row, series of counts
 * equal wherever both are published, the same cell in two releases) and bounds every masked count with an integer
 * solver. The truth it is judged against is the research warehouse's unmasked cells, replayed through the research views.
 * <p>
 * A masked count of 1 to 10 (or a difference of two counts of a masked row of 1 to 10) is leaked when the attacker's
 * interval comes within 3 of the truth and breaks the documented rule (reach 11, 3 above and below, half the value
 * wide); any other masked count is leaked when it is pinned to its true value.
 */
class DisclosureAttackTest {
    private static final int THRESHOLD = 10;
    private static final int MARGIN = 3;
    private static final double WIDTH_SHARE = 0.5;

    static Path home;
    static ConfigurableApplicationContext context;
    static Path night1;
    static Path night2;
    static Map<String, Table> truth1;
    static Map<String, Table> truth2;

    @BeforeAll
    static void twoNights() throws Exception {
        home = Files.createTempDirectory("pairobs-attack");
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(home, 42, 1.0);
        context = PipelineContexts.start(home, "pairobs.ingest.chunk-size=1000", "pairobs.release.keep=3");
        JobRunner.Outcome first = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 5), null);
        assertThat(first.exitCode()).as(first.message()).isZero();
        night1 = home.resolve("release/2026-01-05");
        truth1 = truth(home.resolve("warehouse/current.duckdb"));

        // GEM Constellation re-sends its 2023-S2 journal with one more person (living in Allier), as a partner does
        Path export = home.resolve("inbox/gem-constellation/journal-2023-S2.csv");
        String text = Files.readString(export, StandardCharsets.UTF_8);
        Files.writeString(export.resolveSibling("journal-2023-S2-corrige.csv"), text.stripTrailing()
                + "\nCST-999001,2023-11-14,entretien,45,gem,PA1,Vernet,Ninon,1979-02-23,femme,03,\n", StandardCharsets.UTF_8);
        JobRunner.Outcome second = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 6), null);
        assertThat(second.exitCode()).as(second.message()).isZero();
        night2 = home.resolve("release/2026-01-06");
        truth2 = truth(home.resolve("warehouse/current.duckdb"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (context != null) {
            context.close();
        }
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void testNoMaskedCountIsRecoveredFromOneRelease() throws Exception {
        Attack attack = new Attack();
        attack.addNight(0, published(night1));
        List<String> leaks = attack.leaks(0, truth1);
        assertThat(attack.maskedValues).as("masked counts attacked").isGreaterThan(100);
        assertThat(attack.relationsFound).as("relations the attacker found in the published rows").isGreaterThan(50);
        assertThat(leaks).isEmpty();
    }

    @Test
    void testNoMaskedCountIsRecoveredFromTwoConsecutiveReleases() throws Exception {
        Map<String, Table> before = published(night1);
        Map<String, Table> after = published(night2);
        // the re-send changed what was published: the two nights differ
        assertThat(after.get("ind_engagement").rows).isNotEqualTo(before.get("ind_engagement").rows);
        Attack attack = new Attack();
        attack.addNight(0, before);
        attack.addNight(1, after);
        attack.acrossNights(0, 1);
        List<String> leaks = new ArrayList<>(attack.leaks(0, truth1));
        leaks.addAll(attack.leaks(1, truth2));
        assertThat(attack.maskedValues).isGreaterThan(200);
        assertThat(leaks).isEmpty();
    }

    @Test
    void testTheAttackerFindsWhatAWeakerReleaseGivesAway() throws Exception {
        // the same release with, in each family that adds up (in truth) under a published parent, every masked child
        // published again (its true values) but one primary of 1 to 10: that one is then the parent minus the others
        Map<String, Table> weak = published(night1);
        Attack probe = new Attack();
        List<String> exposed = new ArrayList<>();
        for (Table t : weak.values()) {
            Map<String, Row> real = truth1.containsKey(t.name) ? truth1.get(t.name).rows : Map.of();
            for (Map.Entry<Row, List<Row>> f : probe.families(t).entrySet()) {
                List<Row> masked = f.getValue().stream().filter(r -> t.rows.get(r.id).masked).toList();
                Row parent = real.get(f.getKey().id);
                if (t.rows.get(f.getKey().id).masked || masked.size() < 2 || parent == null
                        || f.getValue().stream().anyMatch(r -> !real.containsKey(r.id))) {
                    continue;
                }
                Row kept = masked.stream().filter(r -> "primary".equals(r.reason) && hasSmallCount(t, real.get(r.id))).findFirst()
                        .orElse(null);
                boolean adds = kept != null && !t.integerColumns.isEmpty();
                for (String c : t.integerColumns) {
                    double sum = 0;
                    for (Row child : f.getValue()) {
                        Double v = real.get(child.id).values.get(c);
                        sum += v == null ? 0 : v;
                    }
                    Double total = parent.values.get(c);
                    adds &= total != null && Math.abs(total - sum) < 1e-9;
                }
                if (!adds) {
                    continue;
                }
                for (Row child : masked) {
                    if (child != kept) {
                        t.rows.put(child.id, new Row(child.id, child.key, real.get(child.id).values, false, null));
                    }
                }
                exposed.add(t.name + " " + kept.id);
            }
        }
        assertThat(exposed).as("primary cells left alone under a published parent in a family that adds up").isNotEmpty();
        Attack attack = new Attack();
        attack.addNight(0, weak);
        List<String> leaks = attack.leaks(0, truth1);
        assertThat(leaks).as("leaks once the secondary cells are published (exposed: %s)", exposed).isNotEmpty()
                .anySatisfy(leak -> assertThat(exposed).anySatisfy(e -> assertThat(leak).contains(e)));
    }

    @Test
    void testEveryRegionRowThatIsNotPrimaryIsPublished() throws Exception {
        for (Path night : List.of(night1, night2)) {
            Map<String, Table> tables = published(night);
            Map<String, Table> truth = night == night1 ? truth1 : truth2;
            int regions = 0;
            for (Table table : tables.values()) {
                for (Row row : table.rows.values()) {
                    if (!"region".equals(row.key.get("level"))) {
                        continue;
                    }
                    regions++;
                    if (row.masked) {
                        assertThat(row.reason).as("%s %s", table.name, row.key).isEqualTo("primary");
                        // a primary region row holds a count, or a difference of two, of 1 to 10
                        Row t = truth.get(table.name).rows.get(row.id);
                        assertThat(t).as("the warehouse's row of %s %s", table.name, row.key).isNotNull();
                        assertThat(hasSmallCount(table, t)).as("%s %s masked as primary", table.name, row.key).isTrue();
                    } else {
                        assertThat(row.reason).isNull();
                    }
                }
            }
            assertThat(regions).isGreaterThan(20);
        }
    }

    @Test
    void testSideFilesGiveNothingBack() throws Exception {
        for (Path night : List.of(night1, night2)) {
            JsonNode manifest = JsonMapper.builder().build().readTree(night.resolve("manifest.json").toFile());
            JsonNode protection = manifest.get("protection");
            List<String> fields = new ArrayList<>();
            protection.properties().forEach(e -> fields.add(e.getKey()));
            // no figure computed over the masked cells: counts of cells, the solver and its times only
            assertThat(fields).noneMatch(f -> f.contains("people"));
            assertThat(protection.get("solver").get("name").asString()).startsWith("ojAlgo");
            assertThat(protection.get("solver").get("audit_gap").asDouble()).isZero();
            // the completeness table gives no row counts (the rows of one export are the contacts of one structure)
            try (Reader in = Files.newBufferedReader(night.resolve("tables/release_completeness.csv"))) {
                List<String> header = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().get()).getHeaderNames();
                assertThat(header).doesNotContain("rows_loaded", "rows_rejected");
            }
            // disclosure_audit.csv lists every masked cell, with intervals and never a value
            Map<String, Table> tables = published(night);
            Set<String> listed = new LinkedHashSet<>();
            try (Reader in = Files.newBufferedReader(night.resolve("disclosure_audit.csv"))) {
                CSVParser csv = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().get());
                assertThat(csv.getHeaderNames()).doesNotContain("value").contains("feasible_min", "feasible_max");
                for (CSVRecord r : csv) {
                    listed.add(r.get("indicator") + "|" + r.get("level") + "|" + r.get("structure_id") + "|" + r.get("departement") + "|"
                            + r.get("year") + "|" + r.get("breakdown"));
                }
            }
            long maskedRows = tables.values().stream().filter(t -> t.name.startsWith("ind_"))
                    .mapToLong(t -> t.rows.values().stream().filter(r -> r.masked).count()).sum();
            // and the evaluation's flow (region rows by indicator and year), masked as a whole year
            try (Reader in = Files.newBufferedReader(night.resolve("tables/evaluation_flow.csv"))) {
                for (CSVRecord r : CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().get())) {
                    maskedRows += Boolean.parseBoolean(r.get("is_masked")) ? 1 : 0;
                }
            }
            assertThat((long) listed.size()).isEqualTo(maskedRows);
        }
    }

    @Test
    void testTheSecondReleaseIsProtectedAgainstTheFirstAndVerifies() throws Exception {
        JsonNode manifest = JsonMapper.builder().build().readTree(night2.resolve("manifest.json").toFile());
        assertThat(manifest.get("protection").get("previous_release").asString()).isEqualTo("2026-01-05");
        assertThat(context.getBean(OpenRelease.class).verify("2026-01-06")).hasSizeGreaterThan(20).allMatch(OpenRelease.Comparison::same);
        // the same data gives the same pattern: every unchanged row keeps its mask
        Map<String, Table> before = published(night1);
        Map<String, Table> after = published(night2);
        int unchanged = 0;
        for (Table t : before.values()) {
            for (Row row : t.rows.values()) {
                Row next = after.get(t.name).rows.get(row.id);
                Row was = truth1.containsKey(t.name) ? truth1.get(t.name).rows.get(row.id) : null;
                Row now = truth2.containsKey(t.name) ? truth2.get(t.name).rows.get(row.id) : null;
                if (next != null && was != null && now != null && was.values.equals(now.values)) {
                    unchanged++;
                    assertThat(next.masked).as("%s %s", t.name, row.key).isEqualTo(row.masked);
                }
            }
        }
        assertThat(unchanged).isGreaterThan(100);
    }

    private static boolean hasSmallCount(Table table, Row truth) {
        List<Double> counts = new ArrayList<>();
        for (String c : table.integerColumns) {
            Double v = truth.values.get(c);
            if (v != null) {
                counts.add(v);
            }
        }
        for (double a : counts) {
            if (a >= 1 && a <= THRESHOLD) {
                return true;
            }
            for (double b : counts) {
                if (a - b >= 1 && a - b <= THRESHOLD) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the published files, as an outsider reads them

    record Row(String id, Map<String, String> key, Map<String, Double> values, boolean masked, String reason) {
    }

    static final Set<String> PLACE_COLUMNS = Set.of("level", "structure_id", "structure_name", "organisation", "departement", "year");

    static final class Table {
        final String name;
        final List<String> keyColumns = new ArrayList<>();
        final List<String> numericColumns = new ArrayList<>();
        final Set<String> integerColumns = new LinkedHashSet<>();
        final Map<String, Integer> decimals = new HashMap<>();
        final Map<String, Row> rows = new LinkedHashMap<>();

        Table(String name) {
            this.name = name;
        }

        List<String> breakdownColumns() {
            return keyColumns.stream().filter(c -> !PLACE_COLUMNS.contains(c)).toList();
        }
    }

    /** The tables of a release, from their CSV files only. */
    static Map<String, Table> published(Path release) throws IOException {
        Map<String, Table> tables = new TreeMap<>();
        try (Stream<Path> files = Files.list(release.resolve("tables"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv") && p.getFileName().toString().startsWith("ind_")).sorted().toList()) {
                List<Map<String, String>> records = new ArrayList<>();
                List<String> header;
                try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    CSVParser csv = CSVParser.parse(in, CSVFormat.RFC4180.builder().setHeader().get());
                    header = csv.getHeaderNames();
                    for (CSVRecord r : csv) {
                        records.add(r.toMap());
                    }
                }
                String name = f.getFileName().toString().replace(".csv", "");
                tables.put(name, table(name, header, records));
            }
        }
        return tables;
    }

    static Table table(String name, List<String> header, List<Map<String, String>> records) {
        Table t = new Table(name);
        for (String c : header) {
            // the mask and the estimate's status are values of a row, not part of its key (NULL where the row is masked)
            if (c.equals("is_masked") || c.equals("mask_reason") || c.equals("did_status") || c.equals("did_withheld_reason")) {
                continue;
            }
            // places are codes (a FINESS, a département "01"), whatever they look like
            boolean numeric = !PLACE_COLUMNS.contains(c);
            boolean any = false;
            boolean integer = true;
            int decimals = 0;
            for (Map<String, String> r : records) {
                String v = r.get(c);
                if (v == null || v.isEmpty()) {
                    continue;
                }
                try {
                    double d = Double.parseDouble(v);
                    any = true;
                    integer &= d == Math.rint(d) && d >= 0;
                    int dot = v.indexOf('.');
                    if (dot >= 0) {
                        String fraction = v.substring(dot + 1).replaceAll("0+$", "");
                        decimals = Math.max(decimals, fraction.length());
                    }
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (numeric && any) {
                t.numericColumns.add(c);
                t.decimals.put(c, decimals);
                if (integer) {
                    t.integerColumns.add(c);
                }
            } else if (!numeric || !any) {
                if (numeric) {
                    // a column empty everywhere: a value never published
                    t.numericColumns.add(c);
                    t.decimals.put(c, 9);
                } else {
                    t.keyColumns.add(c);
                }
            }
        }
        if (!t.keyColumns.contains("year")) {
            t.keyColumns.add("year");
        }
        for (Map<String, String> r : records) {
            Map<String, String> key = new LinkedHashMap<>();
            for (String c : t.keyColumns) {
                key.put(c, r.get(c) == null || r.get(c).isEmpty() ? "" : r.get(c));
            }
            key.remove("structure_name");
            Map<String, Double> values = new LinkedHashMap<>();
            for (String c : t.numericColumns) {
                String v = r.get(c);
                values.put(c, v == null || v.isEmpty() ? null : Double.valueOf(v));
            }
            String id = key.toString();
            String masked = r.get("is_masked");
            String reason = r.get("mask_reason");
            t.rows.put(id, new Row(id, key, values, "true".equals(masked), reason == null || reason.isEmpty() ? null : reason));
        }
        t.keyColumns.remove("structure_name");
        return t;
    }

    /** The research views replayed over the cells before secrecy: what each published row would hold unmasked. */
    static Map<String, Table> truth(Path warehouse) throws Exception {
        Map<String, Table> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + warehouse + "' AS w (READ_ONLY)");
            s.execute("CREATE TEMP VIEW ind_cell_masked AS SELECT indicator, level, structure_id, structure_name, departement, year, "
                    + "breakdown, measure, kind, value, false AS is_masked, NULL::VARCHAR AS mask_reason FROM w.ind_cell");
            s.execute("SET search_path = 'memory.main,w.main'");
            List<String[]> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT view_name, sql FROM duckdb_views() WHERE database_name = 'w' AND NOT internal "
                    + "AND view_name LIKE 'ind\\_%' ESCAPE '\\' AND view_name <> 'ind_cell_masked'")) {
                while (rs.next()) {
                    views.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] view : views) {
                s.execute(view[1]);
                List<Map<String, String>> records = new ArrayList<>();
                List<String> header = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM memory.main." + view[0])) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        header.add(md.getColumnName(i));
                    }
                    while (rs.next()) {
                        Map<String, String> r = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            r.put(header.get(i - 1), v == null ? "" : v.toString());
                        }
                        records.add(r);
                    }
                }
                tables.put(view[0], table(view[0], header, records));
            }
        }
        return tables;
    }

    // ---------------------------------------------------------------- the attacker

    /** One unknown: a masked value of one night. */
    record Unknown(int night, String table, String row, String column) {
    }

    class Attack {
        final Map<Integer, Map<String, Table>> nights = new HashMap<>();
        final Map<Unknown, Integer> index = new LinkedHashMap<>();
        final List<Unknown> unknowns = new ArrayList<>();
        /** Constraints as (coefficients by unknown, or product terms), lower, upper. */
        final List<Constraint> constraints = new ArrayList<>();
        final List<Constraint> guesses = new ArrayList<>();
        final Map<Unknown, double[]> domains = new HashMap<>();
        int relationsFound;
        int maskedValues;
        int[] parent = new int[0];

        final class Constraint {
            final Map<Integer, Double> terms = new LinkedHashMap<>();
            /** products w·x of two unknowns: {w, x, coefficient}. */
            final List<double[]> products = new ArrayList<>();
            double constant;
            Double lower;
            Double upper;
        }

        int unknown(int night, Table t, Row row, String column) {
            Unknown u = new Unknown(night, t.name, row.id, column);
            Integer i = index.get(u);
            if (i == null) {
                i = unknowns.size();
                index.put(u, i);
                unknowns.add(u);
                parent = java.util.Arrays.copyOf(parent, unknowns.size());
                parent[i] = i;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                boolean allPositive = true;
                for (Row r : t.rows.values()) {
                    Double v = r.values.get(column);
                    if (v != null) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                        allPositive &= v >= 1;
                    }
                }
                if (t.integerColumns.contains(column)) {
                    domains.put(u, new double[] {allPositive ? 1 : 0, Double.POSITIVE_INFINITY});
                } else {
                    domains.put(u, lo > hi ? new double[] {-1e9, 1e9} : new double[] {lo, hi});
                }
            }
            return i;
        }

        /** A term: the published value (constant) or the unknown of a masked row. */
        void term(Constraint k, int night, Table t, Row row, String column, double coefficient) {
            if (row.masked) {
                k.terms.merge(unknown(night, t, row, column), coefficient, Double::sum);
            } else {
                Double v = row.values.get(column);
                k.constant += coefficient * (v == null ? 0 : v);
            }
        }

        /** coefficient · w · x, plus slack · w where x is published (its rounding). */
        void product(Constraint k, int night, Table t, Row xRow, String x, Row wRow, String w, double coefficient, double slack) {
            if (!xRow.masked && !wRow.masked) {
                Double xv = xRow.values.get(x);
                Double wv = wRow.values.get(w);
                k.constant += (wv == null ? 0 : wv) * (coefficient * (xv == null ? 0 : xv) + slack);
            } else if (!xRow.masked) {
                Double xv = xRow.values.get(x);
                term(k, night, t, wRow, w, coefficient * (xv == null ? 0 : xv) + slack);
            } else if (!wRow.masked) {
                Double wv = wRow.values.get(w);
                term(k, night, t, xRow, x, coefficient * (wv == null ? 0 : wv));
            } else {
                k.products.add(new double[] {unknown(night, t, wRow, w), unknown(night, t, xRow, x), coefficient});
            }
        }

        void add(Constraint k, Double lower, Double upper, boolean guess) {
            if (k.terms.isEmpty() && k.products.isEmpty()) {
                return;
            }
            k.lower = lower;
            k.upper = upper;
            (guess ? guesses : constraints).add(k);
        }

        /** Families of one table: parent row id → child rows, for the hierarchy region ⊃ département ⊃ structure. */
        Map<Row, List<Row>> families(Table t) {
            Map<String, Row> byPlace = new HashMap<>();
            for (Row r : t.rows.values()) {
                byPlace.put(place(t, r, r.key.get("level"), r.key.get("departement")), r);
            }
            Map<Row, List<Row>> families = new LinkedHashMap<>();
            for (Row r : t.rows.values()) {
                String level = r.key.get("level");
                Row p = null;
                if ("structure".equals(level)) {
                    p = byPlace.get(place(t, r, "departement", r.key.get("departement")));
                    if (p == null) {
                        p = byPlace.get(place(t, r, "region", ""));
                    }
                } else if ("departement".equals(level)) {
                    p = byPlace.get(place(t, r, "region", ""));
                }
                if (p != null && p != r) {
                    families.computeIfAbsent(p, x -> new ArrayList<>()).add(r);
                }
            }
            return families;
        }

        private String place(Table t, Row r, String level, String departement) {
            StringBuilder b = new StringBuilder(level).append('|').append(level.equals("structure") ? "" : departement == null ? "" : departement);
            if (level.equals("region")) {
                b.setLength(0);
                b.append("region|");
            }
            b.append('|').append(r.key.get("year"));
            for (String c : t.breakdownColumns()) {
                b.append('|').append(r.key.get(c));
            }
            return b.toString();
        }

        void addNight(int night, Map<String, Table> tables) {
            nights.put(night, tables);
            for (Table t : tables.values()) {
                for (Row r : t.rows.values()) {
                    if (r.masked) {
                        for (String c : t.integerColumns) {
                            unknown(night, t, r, c);
                            maskedValues++;
                        }
                    }
                }
                Map<Row, List<Row>> families = families(t);
                sums(night, t, families);
                means(night, t, families);
            }
            equalSeries(night, tables);
        }

        /** Sums over the hierarchy, where every fully published family of the table adds up (else child ≤ parent). */
        void sums(int night, Table t, Map<Row, List<Row>> families) {
            for (String c : t.numericColumns) {
                for (String parentLevel : List.of("departement", "region")) {
                    boolean additive = true;
                    boolean evidence = false;
                    for (Map.Entry<Row, List<Row>> f : families.entrySet()) {
                        if (!f.getKey().key.get("level").equals(parentLevel) || f.getValue().size() < 2 || f.getKey().masked
                                || f.getValue().stream().anyMatch(r -> r.masked)) {
                            continue;
                        }
                        Double p = f.getKey().values.get(c);
                        if (p == null && f.getValue().stream().allMatch(r -> r.values.get(c) == null)) {
                            // a column this breakdown does not have (the comparison cohort's involuntary counts)
                            continue;
                        }
                        double sum = f.getValue().stream().mapToDouble(r -> r.values.get(c) == null ? 0 : r.values.get(c)).sum();
                        evidence = true;
                        additive &= p != null && Math.abs(p - sum) <= 1e-6 * Math.max(1, Math.abs(p));
                    }
                    boolean count = t.integerColumns.contains(c);
                    if (!count && !(evidence && additive)) {
                        continue;
                    }
                    relationsFound++;
                    for (Map.Entry<Row, List<Row>> f : families.entrySet()) {
                        if (!f.getKey().key.get("level").equals(parentLevel)) {
                            continue;
                        }
                        if (evidence && additive || count && !evidence) {
                            // without a fully published family to check it on, counts of people are guessed to add up
                            // (dropped with the other guesses if the published values contradict it)
                            Constraint k = new Constraint();
                            term(k, night, t, f.getKey(), c, -1);
                            f.getValue().forEach(r -> term(k, night, t, r, c, 1));
                            add(k, 0.0, 0.0, !evidence);
                        }
                        if (!(evidence && additive)) {
                            // counts of people that may overlap: each part at most the whole
                            for (Row r : f.getValue()) {
                                Constraint k = new Constraint();
                                term(k, night, t, r, c, 1);
                                term(k, night, t, f.getKey(), c, -1);
                                add(k, null, 0.0, false);
                            }
                        }
                    }
                }
            }
        }

        /** Means and shares that add up with a weight of the same row or of a sibling row (another value of one breakdown column). */
        void means(int night, Table t, Map<Row, List<Row>> families) {
            List<String> values = t.numericColumns.stream().filter(c -> !t.integerColumns.contains(c)).toList();
            List<String[]> selectors = new ArrayList<>();
            selectors.add(new String[] {"", ""});
            for (String b : t.breakdownColumns()) {
                Set<String> levels = new LinkedHashSet<>();
                t.rows.values().forEach(r -> levels.add(r.key.get(b)));
                for (String v : levels) {
                    selectors.add(new String[] {b, v});
                }
            }
            for (String x : values) {
                double delta = 0.5 * Math.pow(10, -t.decimals.getOrDefault(x, 9));
                for (String w : t.integerColumns) {
                    for (String[] sel : selectors) {
                        for (String parentLevel : List.of("departement", "region")) {
                            boolean holds = true;
                            int evidence = 0;
                            List<Map.Entry<Row, List<Row>>> usable = new ArrayList<>();
                            for (Map.Entry<Row, List<Row>> f : families.entrySet()) {
                                if (!f.getKey().key.get("level").equals(parentLevel)) {
                                    continue;
                                }
                                List<Row> members = new ArrayList<>();
                                members.add(f.getKey());
                                members.addAll(f.getValue());
                                List<Row> weights = new ArrayList<>();
                                for (Row m : members) {
                                    weights.add(weightRow(t, m, sel));
                                }
                                if (weights.contains(null)) {
                                    continue;
                                }
                                usable.add(f);
                                boolean published = members.stream().noneMatch(r -> r.masked) && weights.stream().noneMatch(r -> r.masked);
                                long weighted = weights.subList(1, weights.size()).stream()
                                        .filter(r -> r.values.get(w) != null && r.values.get(w) > 0).count();
                                if (!published || weighted < 2) {
                                    continue;
                                }
                                double lhs = 0;
                                double rhs = 0;
                                double tolerance = 1e-9;
                                boolean ok = true;
                                for (int k = 0; k < members.size(); k++) {
                                    Double wv = weights.get(k).values.get(w);
                                    Double xv = members.get(k).values.get(x);
                                    if (wv == null || wv == 0) {
                                        continue;
                                    }
                                    if (xv == null) {
                                        ok = false;
                                        break;
                                    }
                                    tolerance += delta * wv;
                                    if (k == 0) {
                                        lhs = wv * xv;
                                    } else {
                                        rhs += wv * xv;
                                    }
                                }
                                evidence++;
                                holds &= ok && Math.abs(lhs - rhs) <= tolerance;
                            }
                            if (evidence == 0 || !holds) {
                                continue;
                            }
                            relationsFound++;
                            for (Map.Entry<Row, List<Row>> f : usable) {
                                List<Row> members = new ArrayList<>();
                                members.add(f.getKey());
                                members.addAll(f.getValue());
                                // |Σ w·x̂ − W·X̂| ≤ δ·(Σ w + W): the published means are rounded, the weights exact
                                Constraint below = new Constraint();
                                Constraint above = new Constraint();
                                for (int m = 0; m < members.size(); m++) {
                                    Row wr = weightRow(t, members.get(m), sel);
                                    product(below, night, t, members.get(m), x, wr, w, m == 0 ? -1 : 1, -delta);
                                    product(above, night, t, members.get(m), x, wr, w, m == 0 ? -1 : 1, delta);
                                }
                                add(below, null, 1e-9, false);
                                add(above, -1e-9, null, false);
                            }
                        }
                    }
                }
            }
        }

    private Row weightRow(Table t, Row row, String[] sel) {
            if (sel[0].isEmpty()) {
                return row;
            }
            Map<String, String> key = new LinkedHashMap<>(row.key);
            key.put(sel[0], sel[1]);
            return t.rows.get(key.toString());
        }

        /** Series of counts (table, column, breakdown values, level) equal wherever both are published, on two places or more. */
        void equalSeries(int night, Map<String, Table> tables) {
            record Series(Table table, String column, String breakdown, String level) {
            }
            Map<Series, Map<String, Row>> series = new LinkedHashMap<>();
            for (Table t : tables.values()) {
                for (Row r : t.rows.values()) {
                    StringBuilder b = new StringBuilder();
                    t.breakdownColumns().forEach(c -> b.append(r.key.get(c)).append('|'));
                    String place = r.key.getOrDefault("structure_id", r.key.getOrDefault("organisation", "")) + "|"
                            + r.key.getOrDefault("departement", "") + "|" + r.key.get("year");
                    for (String c : t.integerColumns) {
                        series.computeIfAbsent(new Series(t, c, b.toString(), r.key.get("level")), s -> new LinkedHashMap<>()).put(place, r);
                    }
                }
            }
            List<Series> all = new ArrayList<>(series.keySet());
            for (int a = 0; a < all.size(); a++) {
                for (int b = a + 1; b < all.size(); b++) {
                    if (!all.get(a).level().equals(all.get(b).level())) {
                        continue;
                    }
                    Map<String, Row> first = series.get(all.get(a));
                    Map<String, Row> second = series.get(all.get(b));
                    int matched = 0;
                    boolean equal = true;
                    List<Row[]> pairs = new ArrayList<>();
                    for (Map.Entry<String, Row> e : first.entrySet()) {
                        Row other = second.get(e.getKey());
                        if (other == null) {
                            continue;
                        }
                        pairs.add(new Row[] {e.getValue(), other});
                        if (!e.getValue().masked && !other.masked) {
                            matched++;
                            equal &= Objects.equals(e.getValue().values.get(all.get(a).column()), other.values.get(all.get(b).column()));
                        }
                    }
                    if (matched < 2 || !equal) {
                        continue;
                    }
                    relationsFound++;
                    for (Row[] p : pairs) {
                        Constraint k = new Constraint();
                        term(k, night, all.get(a).table(), p[0], all.get(a).column(), 1);
                        term(k, night, all.get(b).table(), p[1], all.get(b).column(), -1);
                        add(k, 0.0, 0.0, false);
                    }
                }
            }
        }

        /** The same row of two releases: a count masked in either is guessed unchanged (dropped if the guesses contradict). */
        void acrossNights(int a, int b) {
            for (Table t : nights.get(a).values()) {
                Table u = nights.get(b).get(t.name);
                for (Row r : t.rows.values()) {
                    Row s = u.rows.get(r.id);
                    if (s == null || (!r.masked && !s.masked)) {
                        continue;
                    }
                    for (String c : t.integerColumns) {
                        if (!u.integerColumns.contains(c)) {
                            continue;
                        }
                        Constraint k = new Constraint();
                        term(k, a, t, r, c, 1);
                        term(k, b, u, s, c, -1);
                        add(k, 0.0, 0.0, true);
                    }
                }
            }
        }

        // --------------------------------------------------------------- solving

        private int find(int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        private void union(int x, int y) {
            int rx = find(x);
            int ry = find(y);
            if (rx != ry) {
                parent[Math.max(rx, ry)] = Math.min(rx, ry);
            }
        }

        private Set<Integer> touched(Constraint k) {
            Set<Integer> s = new LinkedHashSet<>(k.terms.keySet());
            for (double[] p : k.products) {
                s.add((int) p[0]);
                s.add((int) p[1]);
            }
            return s;
        }

        /** Every masked value of one night, bounded by integer programming over its group, judged against the truth. */
        List<String> leaks(int night, Map<String, Table> truth) {
            long started = System.nanoTime();
            List<Constraint> all = new ArrayList<>(constraints);
            all.addAll(guesses);
            for (Constraint k : all) {
                Integer first = null;
                for (int i : touched(k)) {
                    if (first == null) {
                        first = i;
                    } else {
                        union(first, i);
                    }
                }
            }
            Map<Integer, List<Integer>> groups = new TreeMap<>();
            for (int i = 0; i < unknowns.size(); i++) {
                groups.computeIfAbsent(find(i), g -> new ArrayList<>()).add(i);
            }
            // groups are independent systems: solved on every core
            List<String> leaks = groups.values().parallelStream().flatMap(group -> leaksOfGroup(night, truth, group).stream())
                    .sorted().toList();
            System.out.printf(java.util.Locale.ROOT, "attack on night %d: %d unknowns, %d relations found, %d constraints, %d guesses, "
                    + "%d groups, %d leak(s), %.1f s%n", night + 1, unknowns.size(), relationsFound, constraints.size(), guesses.size(),
                    groups.size(), leaks.size(), (System.nanoTime() - started) / 1e9);
            return leaks;
        }

        private List<String> leaksOfGroup(int night, Map<String, Table> truth, List<Integer> group) {
            List<String> leaks = new ArrayList<>();
            {
                if (group.stream().noneMatch(i -> unknowns.get(i).night() == night)) {
                    return leaks;
                }
                Set<Integer> members = new LinkedHashSet<>(group);
                List<Constraint> system = new ArrayList<>();
                constraints.stream().filter(k -> members.containsAll(touched(k)) && !touched(k).isEmpty()).forEach(system::add);
                List<Constraint> guessed = guesses.stream().filter(k -> members.containsAll(touched(k))).toList();
                Solver solver = new Solver(members, system, guessed);
                if (!solver.feasible()) {
                    // some guesses (unchanged counts, sums never seen published) contradict what was published: the
                    // attacker keeps those that stay consistent, one at a time
                    List<Constraint> kept = new ArrayList<>();
                    for (Constraint g : guessed) {
                        kept.add(g);
                        if (!new Solver(members, system, kept).feasible()) {
                            kept.remove(kept.size() - 1);
                        }
                    }
                    solver = new Solver(members, system, kept);
                }
                for (int i : group) {
                    Unknown u = unknowns.get(i);
                    if (u.night() != night) {
                        continue;
                    }
                    Table table = nights.get(night).get(u.table());
                    if (!table.integerColumns.contains(u.column()) || truth.get(u.table()) == null) {
                        continue;
                    }
                    Row t = truth.get(u.table()).rows.get(u.row());
                    Double value = t == null ? null : t.values.get(u.column());
                    if (value == null || value < 1) {
                        continue;
                    }
                    boolean sensitive = value <= THRESHOLD;
                    Row published = table.rows.get(u.row());
                    if (!sensitive && !"secondary".equals(published.reason())) {
                        // the rule: a secondary cell is never pinned; a primary cell's large counts are not secret in themselves
                        continue;
                    }
                    double[] bounds = solver.bounds(Map.of(i, 1.0), value, sensitive);
                    if (Boolean.getBoolean("attack.debug")) {
                        System.out.println("DEBUG " + u + " truth " + value + " bounds " + java.util.Arrays.toString(bounds));
                    }
                    double cap = cap(night, u, r -> r.values.get(u.column()) == null ? 0 : r.values.get(u.column()), 1, truth);
                    String leak = judge(value, bounds, sensitive, cap, floor(night, u));
                    if (leak != null) {
                        leaks.add("night " + (night + 1) + " " + u.table() + " " + u.row() + " " + u.column() + " true " + value + " attacker ["
                                + bounds[0] + ", " + bounds[1] + "]: " + leak);
                    }
                }
                // differences of two counts of one masked row, of 1 to 10 in truth
                Map<String, List<Integer>> byRow = new LinkedHashMap<>();
                for (int i : group) {
                    Unknown u = unknowns.get(i);
                    if (u.night() == night && nights.get(night).get(u.table()).integerColumns.contains(u.column())) {
                        byRow.computeIfAbsent(u.table() + "|" + u.row(), r -> new ArrayList<>()).add(i);
                    }
                }
                for (List<Integer> row : byRow.values()) {
                    for (int x : row) {
                        for (int y : row) {
                            Unknown ux = unknowns.get(x);
                            Unknown uy = unknowns.get(y);
                            Row t = truth.get(ux.table()) == null ? null : truth.get(ux.table()).rows.get(ux.row());
                            if (x == y || t == null || t.values.get(ux.column()) == null || t.values.get(uy.column()) == null) {
                                continue;
                            }
                            double d = t.values.get(ux.column()) - t.values.get(uy.column());
                            if (d < 1 || d > THRESHOLD) {
                                continue;
                            }
                            double[] bounds = solver.bounds(Map.of(x, 1.0, y, -1.0), d, true);
                            double cap = cap(night, ux, r -> r.values.get(ux.column()) == null || r.values.get(uy.column()) == null
                                    ? 0 : r.values.get(ux.column()) - r.values.get(uy.column()), 0, truth);
                            String leak = judge(d, bounds, true, cap, 1);
                            if (leak != null) {
                                leaks.add("night " + (night + 1) + " " + ux.table() + " " + ux.row() + " " + ux.column() + " - " + uy.column()
                                        + " true " + d + " attacker [" + bounds[0] + ", " + bounds[1] + "]: " + leak);
                            }
                        }
                    }
                }
            }
            return leaks;
        }

        /**
         * Null when the attacker's interval keeps the documented rule around the truth (or misses the truth by more than the
         * margin: a wrong guess). {@code cap} is the most the published regional total alone allows.
         */
        private String judge(double truth, double[] b, boolean sensitive, double cap, double floor) {
            if (b == null) {
                return null;
            }
            double lo = b[0];
            double hi = b[1];
            if (truth < lo - MARGIN || truth > hi + MARGIN) {
                return null;
            }
            if (!sensitive) {
                return hi - lo < 0.5 && Math.abs(lo - truth) < 0.5 ? "recovered" : null;
            }
            if (hi - lo < 0.5) {
                return "pinned";
            }
            if (hi < Math.min(THRESHOLD + 1, cap) - 1e-6) {
                return "below " + (THRESHOLD + 1);
            }
            if (hi < Math.min(truth + MARGIN, cap) - 1e-6) {
                return "less than " + MARGIN + " above";
            }
            // down to 1, or to the least the published rows alone allow: a département with two structure rows holds at
            // least 2 (each row exists for someone), whatever is masked
            if (lo > Math.max(Math.max(1, floor), truth - Math.min(MARGIN, Math.floor(truth / 2))) + 1e-6) {
                return "less than " + MARGIN + " below";
            }
            if (hi - lo < Math.min(WIDTH_SHARE * truth, cap - 1) - 1e-6) {
                return "narrower than half the value";
            }
            return null;
        }

        /**
         * The published regional value of the same table, year and breakdown, less the least each other row of the level
         * holds ({@code perOther}: 1 for a count, each row existing for someone; 0 for a difference).
         */
        /** The number of rows of the level below in the row's family (1 for a structure): the least it can hold. */
        private double floor(int night, Unknown u) {
            Table t = nights.get(night).get(u.table());
            Row row = t.rows.get(u.row());
            String level = row.key.get("level");
            String below = "region".equals(level) ? "departement" : "departement".equals(level) ? "structure" : null;
            if (below == null) {
                return 1;
            }
            int children = 0;
            for (Row r : t.rows.values()) {
                if (below.equals(r.key.get("level")) && Objects.equals(r.key.get("year"), row.key.get("year"))
                        && t.breakdownColumns().stream().allMatch(c -> Objects.equals(r.key.get(c), row.key.get(c)))
                        && ("region".equals(level) || Objects.equals(r.key.get("departement"), row.key.get("departement")))) {
                    children++;
                }
            }
            return Math.max(1, children);
        }

        private double cap(int night, Unknown u, java.util.function.ToDoubleFunction<Row> value, double perOther, Map<String, Table> truth) {
            Table t = nights.get(night).get(u.table());
            Row row = t.rows.get(u.row());
            Row region = null;
            int others = 0;
            double level = 0;
            for (Row r : t.rows.values()) {
                boolean same = Objects.equals(r.key.get("year"), row.key.get("year"))
                        && t.breakdownColumns().stream().allMatch(c -> Objects.equals(r.key.get(c), row.key.get(c)))
                        && Objects.equals(r.key.get("level"), row.key.get("level"));
                Row real = truth.get(t.name).rows.get(r.id);
                if (same && real != null) {
                    level += value.applyAsDouble(real);
                }
            }
            for (Row r : t.rows.values()) {
                boolean sameBreakdown = Objects.equals(r.key.get("year"), row.key.get("year"))
                        && t.breakdownColumns().stream().allMatch(c -> Objects.equals(r.key.get(c), row.key.get(c)));
                if (!sameBreakdown) {
                    continue;
                }
                if ("region".equals(r.key.get("level"))) {
                    region = r;
                } else if (r != row && Objects.equals(r.key.get("level"), row.key.get("level"))) {
                    others++;
                }
            }
            if (region == null || region == row || region.masked) {
                return Double.POSITIVE_INFINITY;
            }
            // the total caps a count only where its level adds up to it (people in two structures: no cap)
            double total = value.applyAsDouble(region);
            return Math.abs(level - total) > 1e-6 * Math.max(1, Math.abs(total)) ? Double.POSITIVE_INFINITY : total - perOther * others;
        }

        /** One group's integer program. */
        final class Solver {
            final ExpressionsBasedModel model = new ExpressionsBasedModel();
            final Map<Integer, Variable> vars = new HashMap<>();

            Solver(Set<Integer> members, List<Constraint> system, List<Constraint> guessed) {
                for (int i : members) {
                    Unknown u = unknowns.get(i);
                    double[] d = domains.get(u);
                    Variable v = model.addVariable("u" + i).lower(d[0]);
                    if (!Double.isInfinite(d[1])) {
                        v.upper(d[1]);
                    }
                    if (nights.get(u.night()).get(u.table()).integerColumns.contains(u.column())) {
                        v.integer(true);
                    }
                    vars.put(i, v);
                }
                int e = 0;
                List<Constraint> all = new ArrayList<>(system);
                all.addAll(guessed);
                for (Constraint k : all) {
                    Expression x = model.addExpression("c" + e++);
                    k.terms.forEach((i, c) -> x.set(vars.get(i), c));
                    for (double[] p : k.products) {
                        // w·x with x in its published range: a variable between x_min·w and x_max·w
                        Unknown xu = unknowns.get((int) p[1]);
                        double[] d = domains.get(xu);
                        Variable prod = model.addVariable("p" + e++);
                        model.addExpression("pl" + e++).lower(0).set(prod, 1).set(vars.get((int) p[0]), -d[0]);
                        model.addExpression("pu" + e++).lower(0).set(prod, -1).set(vars.get((int) p[0]), d[1]);
                        x.set(prod, p[2]);
                    }
                    if (k.lower != null) {
                        x.lower(k.lower - k.constant);
                    }
                    if (k.upper != null) {
                        x.upper(k.upper - k.constant);
                    }
                }
            }

            boolean feasible() {
                ExpressionsBasedModel copy = model.copy();
                copy.relax();
                return copy.minimise().getState().isFeasible();
            }

            /**
             * [min, max] of Σ coefficient · unknown: LP first, integer programming when the LP bound is fractional. The
             * minimum is not solved when the maximum already shows the value safe (a count beyond 10 that is not pinned).
             */
            double[] bounds(Map<Integer, Double> objective, double truth, boolean sensitive) {
                Double hi = solve(objective, true);
                if (hi == null) {
                    return null;
                }
                if (!sensitive && hi > truth + 0.5) {
                    return new double[] {Double.NEGATIVE_INFINITY, hi};
                }
                Double lo = solve(objective, false);
                return lo == null ? null : new double[] {lo, hi};
            }

            private Double solve(Map<Integer, Double> objective, boolean maximise) {
                ExpressionsBasedModel relaxed = model.copy();
                relaxed.relax();
                Double lp = optimum(relaxed, objective, maximise);
                if (lp == null || lp.isInfinite() || Math.abs(lp - Math.rint(lp)) < 1e-6) {
                    return lp;
                }
                ExpressionsBasedModel exact = model.copy();
                exact.options.time_abort = 20_000L;
                Double mip = optimum(exact, objective, maximise);
                return mip == null ? (maximise ? Math.floor(lp) : Math.ceil(lp)) : mip;
            }

            private Double optimum(ExpressionsBasedModel m, Map<Integer, Double> objective, boolean maximise) {
                Expression goal = m.addExpression("goal").weight(1);
                for (Map.Entry<Integer, Double> o : objective.entrySet()) {
                    int position = -1;
                    List<Variable> variables = m.getVariables();
                    for (int k = 0; k < variables.size(); k++) {
                        if (variables.get(k).getName().equals("u" + o.getKey())) {
                            position = k;
                        }
                    }
                    goal.set(variables.get(position), o.getValue());
                }
                Optimisation.Result r = maximise ? m.maximise() : m.minimise();
                if (r.getState() == Optimisation.State.UNBOUNDED) {
                    return maximise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                }
                if (!r.getState().isFeasible()) {
                    return null;
                }
                double value = 0;
                List<Variable> variables = m.getVariables();
                for (Map.Entry<Integer, Double> o : objective.entrySet()) {
                    for (int k = 0; k < variables.size(); k++) {
                        if (variables.get(k).getName().equals("u" + o.getKey())) {
                            value += o.getValue() * r.doubleValue(k);
                        }
                    }
                }
                return value;
            }
        }
    }
}
