package fr.pairobs.e2e;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.cli.ReleaseCommand;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.release.CellKey;
import fr.pairobs.release.Cells;
import fr.pairobs.release.DisclosureAudit;
import fr.pairobs.release.OpenRelease;
import fr.pairobs.release.SecrecyRules;
import fr.pairobs.release.Suppression;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open release of the demo, attacked as the attacker did, with only what the release publishes; the truth
 * each attack is checked against is the research warehouse's unmasked cells, replayed through the research views.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenReleaseEndToEndTest {
    @TempDir
    static Path home;

    static ConfigurableApplicationContext context;
    static Path release;
    /** table → columns that count people (the attack targets), read from the views' meaning, not from the code. */
    static final Map<String, List<String>> COUNT_COLUMNS = Map.of(
            "ind_hospitalisation", List.of("people"),
            "ind_involuntary_care", List.of("people", "people_involuntary_before", "people_involuntary_after"),
            "ind_readmission", List.of("discharges", "readmitted_30_days", "readmitted_90_days"),
            "ind_recovery", List.of("people", "people_improved"),
            "ind_engagement", List.of("people_reached", "contacts"),
            "ind_satisfaction", List.of("respondents", "satisfied"),
            "ind_rights", List.of("people", "people_with_right_obtained"),
            "ind_workforce", List.of("positions", "fte"),
            "ind_training", List.of("enrolled", "graduated"));

    @BeforeAll
    static void start() throws Exception {
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(home, 42, 1.0);
        context = PipelineContexts.start(home, "pairobs.ingest.chunk-size=1000", "pairobs.release.keep=3");
        JobRunner.Outcome outcome = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 5), null);
        assertThat(outcome.exitCode()).as(outcome.message()).isZero();
        release = home.resolve("release/2026-01-05");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void testReleaseHoldsTheContractFilesWithTheirChecksums() throws Exception {
        assertThat(release.resolve("release.duckdb")).exists();
        assertThat(release.resolve("disclosure_audit.csv")).exists();
        JsonNode manifest = JsonMapper.builder().build().readTree(release.resolve("manifest.json").toFile());
        assertThat(manifest.get("lake_batches").size()).isPositive();
        assertThat(manifest.get("sql_version").asString()).hasSize(64);
        List<String> files = new ArrayList<>();
        manifest.get("files").properties().forEach(e -> {
            files.add(e.getKey());
            assertThat(sha256(release.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().asString());
        });
        try (Stream<Path> walk = Files.walk(release)) {
            assertThat(walk.filter(Files::isRegularFile).map(p -> release.relativize(p).toString())
                    .filter(n -> !n.equals("manifest.json")).toList()).containsExactlyInAnyOrderElementsOf(files);
        }
        assertThat(files).contains("tables/ind_workforce.csv", "tables/ind_workforce.parquet", "tables/release_info.parquet");
        // nothing left half-made beside it
        try (Stream<Path> dirs = Files.list(home.resolve("release"))) {
            assertThat(dirs.map(p -> p.getFileName().toString()).toList()).containsExactly("2026-01-05");
        }
    }

    @Test
    @Order(2)
    void testAttack1NoPersonLevelTableAndNoUnmaskedSmallCount() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + release.resolve("release.duckdb") + "' AS rel (READ_ONLY)");
            s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS wh (READ_ONLY)");
            Set<String> tables = strings(s, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'rel'");
            Set<String> expected = new TreeSet<>(COUNT_COLUMNS.keySet());
            // cohort_balance carries standardized differences only, no count of people (those are the indicators' n_people);
            // evaluation_flow has region rows only, checked below
            expected.addAll(List.of("ind_funding", "cohort_balance", "evaluation_flow", "release_info", "release_completeness",
                    "release_quality_checks"));
            assertThat(tables).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(strings(s, "SELECT view_name FROM duckdb_views() WHERE database_name = 'rel' AND NOT internal")).isEmpty();
            assertThat(strings(s, "SELECT DISTINCT column_name FROM duckdb_columns() WHERE database_name = 'rel'"))
                    .doesNotContain("person_key", "traits_key", "birth_year", "sex", "residence_dept", "value");
            // same names and columns as the research views, with their comments
            for (String table : tables.stream().filter(t -> t.startsWith("ind_")).toList()) {
                assertThat(strings(s, "SELECT column_name || ':' || data_type || ':' || coalesce(comment, '') FROM duckdb_columns() "
                        + "WHERE database_name = 'rel' AND table_name = '" + table + "'"))
                        .as(table).isEqualTo(strings(s, "SELECT column_name || ':' || data_type || ':' || coalesce(comment, '') "
                                + "FROM duckdb_columns() WHERE database_name = 'wh' AND table_name = '" + table + "'"));
                assertThat(number(s, "SELECT count(*) FROM rel." + table)).as("rows of %s", table)
                        .isEqualTo(number(s, "SELECT count(*) FROM wh." + table));
                assertThat(number(s, "SELECT count(*) FROM rel." + table + " WHERE level = 'region'")).as("region rows of %s", table).isPositive();
                assertThat(strings(s, "SELECT comment FROM duckdb_tables() WHERE database_name = 'rel' AND table_name = '" + table + "'"))
                        .isEqualTo(strings(s, "SELECT comment FROM duckdb_views() WHERE database_name = 'wh' AND view_name = '" + table + "'"));
            }
            for (Map.Entry<String, List<String>> e : COUNT_COLUMNS.entrySet()) {
                for (String column : e.getValue()) {
                    if (column.equals("fte")) {
                        continue;
                    }
                    assertThat(number(s, "SELECT count(*) FROM rel." + e.getKey() + " WHERE " + column + " BETWEEN 1 AND 10"))
                            .as("%s.%s from 1 to 10", e.getKey(), column).isZero();
                }
                assertThat(number(s, "SELECT count(*) FROM rel." + e.getKey() + " WHERE is_masked AND (" + String.join(" IS NOT NULL OR ",
                        e.getValue()) + " IS NOT NULL)")).as("%s masked rows with a value", e.getKey()).isZero();
            }
            // the evaluation's flow: no count of 1-10, a masked year has no count at all, and the DiD row beside it does not
            // give the people without a comparison back (treated = matched / share_matched)
            // (matched and comparison_people are the n_people of the indicator's region rows, masked with them)
            List<String> flowCounts = List.of("eligible", "excluded_washout", "excluded_before_coverage", "excluded_follow_up_coverage",
                    "treated", "excluded_no_comparison");
            assertThat(number(s, "SELECT count(*) FROM rel.evaluation_flow")).isPositive();
            for (String column : flowCounts) {
                assertThat(number(s, "SELECT count(*) FROM rel.evaluation_flow WHERE " + column + " BETWEEN 1 AND 10"))
                        .as("evaluation_flow.%s from 1 to 10", column).isZero();
            }
            assertThat(number(s, "SELECT count(*) FROM rel.evaluation_flow WHERE is_masked AND (" + String.join(" IS NOT NULL OR ",
                    flowCounts) + " IS NOT NULL)")).as("masked flow rows with a count").isZero();
            // (ind_readmission counts discharges, not the people its share_matched is of)
            for (String indicator : List.of("hospitalisation", "involuntary_care")) {
                assertThat(number(s, "SELECT count(*) FROM rel.ind_" + indicator + " WHERE cohort = 'peer_support' AND share_matched > 0 "
                        + "AND round(people / share_matched) - people BETWEEN 1 AND 10"))
                        .as("%s rows giving 1-10 people without a comparison", indicator).isZero();
            }
            assertThat(number(s, "SELECT count(*) FROM rel.release_quality_checks WHERE check_name = 'release_disclosure_audit' "
                    + "AND status = 'PASSED'")).isEqualTo(1);
            assertThat(number(s, "SELECT count(*) FROM rel.release_info WHERE release_date = DATE '2026-01-05'")).isEqualTo(1);
            assertThat(number(s, "SELECT count(*) FROM rel.release_completeness")).isPositive();
        }
    }

    @Test
    @Order(3)
    void testAttack2And3DifferencingAcrossLevelsAndLinkedTablesRecoversNothing() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + release.resolve("release.duckdb") + "' AS rel (READ_ONLY)");
            Map<String, Double> published = new HashMap<>();
            Set<String> unknown = new TreeSet<>();
            List<List<String>> sums = new ArrayList<>(); // [parent, child...]
            List<String[]> equal = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : COUNT_COLUMNS.entrySet()) {
                String table = e.getKey();
                boolean training = table.equals("ind_training");
                String breakdown = switch (table) {
                    case "ind_recovery" -> "instrument";
                    case "ind_training" -> "programme";
                    default -> "''";
                };
                String structure = training ? "organisation" : "structure_id";
                String departement = training ? "''" : "coalesce(departement, '')";
                for (String column : e.getValue()) {
                    Map<String, List<String>> children = new LinkedHashMap<>();
                    try (ResultSet rs = s.executeQuery("SELECT level, coalesce(" + structure + ", ''), " + departement + ", year, "
                            + breakdown + ", " + column + " FROM rel." + table)) {
                        while (rs.next()) {
                            String level = rs.getString(1);
                            String key = table + "|" + column + "|" + level + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                                    + rs.getString(4) + "|" + rs.getString(5);
                            double v = rs.getDouble(6);
                            if (rs.wasNull()) {
                                unknown.add(key);
                            } else {
                                published.put(key, v);
                            }
                            String regionKey = table + "|" + column + "|region|||" + rs.getString(4) + "|" + rs.getString(5);
                            String deptKey = table + "|" + column + "|departement||" + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5);
                            if (level.equals("structure")) {
                                children.computeIfAbsent(training || rs.getString(3).isEmpty() ? regionKey : deptKey, k -> new ArrayList<>()).add(key);
                            } else if (level.equals("departement")) {
                                children.computeIfAbsent(regionKey, k -> new ArrayList<>()).add(key);
                            }
                        }
                    }
                    children.forEach((parent, kids) -> {
                        List<String> relation = new ArrayList<>();
                        relation.add(parent);
                        relation.addAll(kids);
                        sums.add(relation);
                    });
                }
            }
            // equal people counts across views: the attacker's cross-view relation
            for (String key : new ArrayList<>(published.keySet())) {
                if (key.startsWith("ind_hospitalisation|people|")) {
                    equal.add(new String[] {key, key.replace("ind_hospitalisation|people|", "ind_involuntary_care|people|")});
                }
            }
            for (String key : unknown) {
                if (key.startsWith("ind_hospitalisation|people|")) {
                    equal.add(new String[] {key, key.replace("ind_hospitalisation|people|", "ind_involuntary_care|people|")});
                }
            }
            // the attacker's script: solve every relation with one unknown, again and again
            Map<String, Double> derived = new HashMap<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (List<String> relation : sums) {
                    List<String> missing = relation.stream().filter(k -> !published.containsKey(k) && !derived.containsKey(k)).toList();
                    if (missing.size() != 1 || !relation.stream().allMatch(k -> published.containsKey(k) || derived.containsKey(k)
                            || unknown.contains(k))) {
                        continue;
                    }
                    String target = missing.get(0);
                    double children = relation.subList(1, relation.size()).stream().filter(k -> !k.equals(target))
                            .mapToDouble(k -> valueOf(k, published, derived)).sum();
                    derived.put(target, target.equals(relation.get(0)) ? children : valueOf(relation.get(0), published, derived) - children);
                    progress = true;
                }
                for (String[] pair : equal) {
                    for (int side = 0; side < 2; side++) {
                        String known = pair[side];
                        String other = pair[1 - side];
                        if ((published.containsKey(known) || derived.containsKey(known)) && !published.containsKey(other)
                                && !derived.containsKey(other) && unknown.contains(other)) {
                            derived.put(other, valueOf(known, published, derived));
                            progress = true;
                        }
                    }
                }
            }
            Map<String, Double> truth = truth();
            List<String> recovered = new ArrayList<>();
            for (Map.Entry<String, Double> d : derived.entrySet()) {
                Double real = truth.get(d.getKey());
                double tolerance = d.getKey().contains("|fte|") ? 0.01 : 1e-6;
                if (unknown.contains(d.getKey()) && real != null && Math.abs(real - d.getValue()) <= tolerance) {
                    recovered.add(d.getKey() + " = " + d.getValue());
                }
            }
            assertThat(unknown).as("masked counts to attack").hasSizeGreaterThan(100);
            assertThat(recovered).as("masked values rebuilt exactly by differencing").isEmpty();

            // attack 3: euros per FTE of a structure whose workforce is masked gives back its FTE
            assertThat(number(s, "SELECT count(*) FROM rel.ind_workforce w JOIN rel.ind_funding f "
                    + "ON f.level = w.level AND f.structure_id = w.structure_id AND f.year = w.year "
                    + "WHERE w.level = 'structure' AND w.is_masked AND f.euros_per_fte IS NOT NULL")).isZero();
            assertThat(number(s, "SELECT count(*) FROM rel.ind_workforce w JOIN rel.ind_funding f "
                    + "ON f.level = w.level AND f.departement = w.departement AND f.year = w.year "
                    + "WHERE w.level = 'departement' AND w.is_masked AND f.euros_per_fte IS NOT NULL")).isZero();
        }
    }

    @Test
    @Order(4)
    void testAttack4PublishedComplementsAreNeverOneToTen() throws Exception {
        String[][] complements = {
                {"ind_training", "enrolled - graduated"},
                {"ind_workforce", "positions - round(share_trained * positions)"},
                {"ind_workforce", "positions - round(share_permanent * positions)"},
                {"ind_readmission", "discharges - readmitted_30_days"},
                {"ind_readmission", "discharges - readmitted_90_days"},
                {"ind_readmission", "readmitted_90_days - readmitted_30_days"},
                {"ind_recovery", "people - people_improved"},
                {"ind_recovery", "n_baseline - n_followed"},
                {"ind_engagement", "people_active - people_new"},
                {"ind_rights", "people_entered - people"},
                {"ind_rights", "people - people_with_right_obtained"},
                {"ind_satisfaction", "respondents - satisfied"},
                {"ind_involuntary_care", "people - people_involuntary_before"},
                {"ind_involuntary_care", "people - people_involuntary_after"}};
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + release.resolve("release.duckdb") + "' AS rel (READ_ONLY)");
            long published = 0;
            for (String[] complement : complements) {
                assertThat(number(s, "SELECT count(*) FROM rel." + complement[0] + " WHERE NOT is_masked AND (" + complement[1]
                        + ") BETWEEN 1 AND 10")).as("%s: %s", complement[0], complement[1]).isZero();
                published += number(s, "SELECT count(*) FROM rel." + complement[0] + " WHERE NOT is_masked");
            }
            assertThat(published).isPositive();
        }
    }

    @Test
    @Order(5)
    void testAuditCatchesAReleaseWithOneMaskedCellMadeRecoverable() throws Exception {
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("warehouse/current.duckdb"), readOnly)) {
            Cells cells = Cells.read(c, "ind_cell");
            SecrecyRules rules = SecrecyRules.load(Path.of("sql/release/secrecy.yml"));
            Suppression.Result protection = new Suppression(cells, rules).protect();
            boolean[] masked = new boolean[cells.size()];
            for (int i = 0; i < masked.length; i++) {
                masked[i] = protection.masked(i);
            }
            assertThat(new DisclosureAudit(cells, rules).audit(masked)).allMatch(DisclosureAudit.Finding::passed);
            // a masked structure whose département is published and which has a single masked sibling: publishing that
            // sibling again (the "complement left published") makes it the département minus the published structures
            int victim = -1;
            int partner = -1;
            for (int i = 0; i < cells.size() && victim < 0; i++) {
                CellKey k = cells.get(i).key();
                if (!k.level().equals("structure") || !masked[i] || k.departement().isEmpty()) {
                    continue;
                }
                int parent = cells.indexOf(new CellKey(k.indicator(), "departement", null, k.departement(), k.year(), k.breakdown()));
                if (parent < 0 || masked[parent]) {
                    continue;
                }
                List<Integer> siblings = new ArrayList<>();
                for (int j = 0; j < cells.size(); j++) {
                    CellKey o = cells.get(j).key();
                    if (j != i && masked[j] && o.level().equals("structure") && o.indicator().equals(k.indicator())
                            && o.departement().equals(k.departement()) && Objects.equals(o.year(), k.year())
                            && o.breakdown().equals(k.breakdown())) {
                        siblings.add(j);
                    }
                }
                if (siblings.size() == 1) {
                    victim = i;
                    partner = siblings.get(0);
                }
            }
            assertThat(victim).as("a structure masked with a single sibling under a published département").isNotNegative();
            masked[partner] = false;
            int exposed = victim;
            assertThat(new DisclosureAudit(cells, rules).audit(masked)).filteredOn(f -> f.cell() == exposed)
                    .anySatisfy(f -> assertThat(f.status()).isEqualTo("pinned"));
        }
    }

    @Test
    @Order(6)
    void testVerifyReproducesTheFirstReleaseAfterMoreDataArrive() throws Exception {
        // a corrected re-send of the funder's export (its last grant line withdrawn) lands in its inbox: a new lake batch
        Path export = home.resolve("inbox/ars-ara/subventions_pair_aidance_2025.csv");
        String text = Files.readString(export, java.nio.charset.StandardCharsets.ISO_8859_1).stripTrailing();
        Files.writeString(export.resolveSibling("subventions_pair_aidance_2025-corrige.csv"),
                text.substring(0, text.lastIndexOf('\n') + 1), java.nio.charset.StandardCharsets.ISO_8859_1);
        JobRunner.Outcome second = context.getBean(JobRunner.class).run("nightly", LocalDate.of(2026, 1, 6), null);
        assertThat(second.exitCode()).as(second.message()).isZero();
        JsonNode first = JsonMapper.builder().build().readTree(release.resolve("manifest.json").toFile());
        JsonNode next = JsonMapper.builder().build().readTree(home.resolve("release/2026-01-06/manifest.json").toFile());
        assertThat(next.get("lake_batches").size()).isGreaterThan(first.get("lake_batches").size());

        List<OpenRelease.Comparison> comparisons = context.getBean(OpenRelease.class).verify("2026-01-05");
        assertThat(comparisons).extracting(OpenRelease.Comparison::file).contains("tables/ind_workforce.csv",
                "tables/ind_workforce.parquet", "tables/release_info.csv", "tables/release_completeness.csv", "disclosure_audit.csv");
        assertThat(comparisons).allSatisfy(cmp -> assertThat(cmp.same()).as(cmp.file()).isTrue());
        int exit = new picocli.CommandLine(new ReleaseCommand.Verify(context.getBean(OpenRelease.class))).execute("2026-01-05");
        assertThat(exit).isZero();
        // a tampered table is reported
        Path csv = release.resolve("tables/ind_training.csv");
        Files.writeString(csv, Files.readString(csv).replaceFirst("\n", "\n "), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(context.getBean(OpenRelease.class).verify("2026-01-05")).filteredOn(cmp -> !cmp.same())
                .extracting(OpenRelease.Comparison::file).containsExactly("tables/ind_training.csv");
        assertThat(new picocli.CommandLine(new ReleaseCommand.Verify(context.getBean(OpenRelease.class))).execute("2026-01-05")).isEqualTo(1);
    }

    private static double valueOf(String key, Map<String, Double> published, Map<String, Double> derived) {
        Double v = published.get(key);
        return v != null ? v : derived.getOrDefault(key, 0.0);
    }

    /** The research views replayed over the unmasked cells: what the attacker is after. */
    private static Map<String, Double> truth() throws Exception {
        Map<String, Double> truth = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + home.resolve("warehouse/current.duckdb") + "' AS w (READ_ONLY)");
            s.execute("CREATE TEMP VIEW ind_cell_masked AS SELECT indicator, level, structure_id, structure_name, departement, year, "
                    + "breakdown, measure, kind, value, false AS is_masked, NULL::VARCHAR AS mask_reason FROM w.ind_cell");
            s.execute("SET search_path = 'memory.main,w.main'");
            List<String[]> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT view_name, sql FROM duckdb_views() WHERE database_name = 'w' "
                    + "AND view_name IN ('" + String.join("', '", COUNT_COLUMNS.keySet()) + "')")) {
                while (rs.next()) {
                    views.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] view : views) {
                s.execute(view[1]);
                String table = view[0];
                boolean training = table.equals("ind_training");
                String breakdown = switch (table) {
                    case "ind_recovery" -> "instrument";
                    case "ind_training" -> "programme";
                    default -> "''";
                };
                for (String column : COUNT_COLUMNS.get(table)) {
                    try (ResultSet rs = s.executeQuery("SELECT level, coalesce(" + (training ? "organisation" : "structure_id") + ", ''), "
                            + (training ? "''" : "coalesce(departement, '')") + ", year, " + breakdown + ", " + column
                            + " FROM memory.main." + table)) {
                        while (rs.next()) {
                            truth.put(table + "|" + column + "|" + rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                                    + rs.getString(4) + "|" + rs.getString(5), rs.getDouble(6));
                        }
                    }
                }
            }
        }
        return truth;
    }

    private static Set<String> strings(Statement s, String sql) throws Exception {
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long number(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
