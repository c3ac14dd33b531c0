package fr.pairobs.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report follows the release's columns: a comparison cohort and a difference in differences with
 * its interval are charted when a table has them, a column the configuration does not know is shown
 * labelled by its comment, and a release without them still gives a report.
 */
class ReportBuilderTest {
    @TempDir
    Path dir;

    @Test
    void testCohortAndIntervalColumnsAreChartedAndUnknownColumnsShownByTheirComment() throws Exception {
        Path release = dir.resolve("release/2026-03-02");
        Files.createDirectories(release);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + release.resolve("release.duckdb")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE release_info AS SELECT DATE '2026-03-02' AS release_date, '7' AS build_id, DATE '2025-12-31' AS data_up_to, "
                    + "TIMESTAMP '2026-03-02 03:00:00' AS built_at, 'v1' AS code_version, 'abc' AS sql_version");
            s.execute("CREATE TABLE release_completeness (partner_id VARCHAR, feed VARCHAR, dataset VARCHAR, period VARCHAR, status VARCHAR, "
                    + "received_on DATE)");
            s.execute("INSERT INTO release_completeness VALUES ('ch-x', 'ch-x.hospital_stays', 'hospital_stays', '2025', 'missing', NULL)");
            s.execute("CREATE TABLE release_quality_checks (build_id VARCHAR, built_at TIMESTAMP, check_name VARCHAR, family VARCHAR, "
                    + "severity VARCHAR, status VARCHAR, failing_rows BIGINT)");
            s.execute("CREATE TABLE ind_hospitalisation (level VARCHAR, structure_id VARCHAR, structure_name VARCHAR, departement VARCHAR, "
                    + "year INTEGER, cohort VARCHAR, people DOUBLE, mean_full_time_days_before DOUBLE, mean_full_time_days_after DOUBLE, "
                    + "did_estimate DOUBLE, did_ci_low DOUBLE, did_ci_high DOUBLE, median_stay_days DOUBLE, is_masked BOOLEAN, mask_reason VARCHAR)");
            s.execute("INSERT INTO ind_hospitalisation VALUES "
                    + "('region', NULL, NULL, NULL, 2025, 'peer_support', 412, 23.5, 15.25, -6.5, -9.75, -3.25, 12, false, NULL), "
                    + "('region', NULL, NULL, NULL, 2025, 'comparison', 1398, 22.75, 21.5, NULL, NULL, NULL, 14, false, NULL), "
                    + "('departement', NULL, NULL, '38', 2025, 'peer_support', NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, 'primary'), "
                    + "('departement', NULL, NULL, '69', 2025, 'peer_support', NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, 'secondary')");
            s.execute("COMMENT ON COLUMN ind_hospitalisation.median_stay_days IS 'Median length of stay'");
            // a numeric breakdown (follow-up horizon in months) splits the series; it is not charted as a value
            s.execute("CREATE TABLE ind_recovery (level VARCHAR, structure_id VARCHAR, structure_name VARCHAR, departement VARCHAR, "
                    + "year INTEGER, instrument VARCHAR, horizon INTEGER, n_baseline DOUBLE, n_followed DOUBLE, mean_change DOUBLE, is_masked BOOLEAN)");
            s.execute("INSERT INTO ind_recovery VALUES ('region', NULL, NULL, NULL, 2025, 'WEMWBS', 12, 300, 240, 4.5, false), "
                    + "('region', NULL, NULL, NULL, 2025, 'WEMWBS', 6, 300, 270, 3.25, false)");
        }
        Files.writeString(release.resolve("manifest.json"), "{\"files\": {\"release.duckdb\": \"" + "ab".repeat(32) + "\"}}");

        ReportBuilder.Written written = new ReportBuilder(Path.of("config"), dir.resolve("no-sql"), Optional.empty())
                .write(release, dir.resolve("out"), null);

        assertThat(written.year()).isEqualTo(2025);
        assertThat(written.pdf()).isEmpty();
        String html = Files.readString(written.html());
        assertThat(html).contains("id=\"indicateur-hospitalisation-did\"")
                .contains("\"Jours à temps plein, 12 mois avant · Pair-aidance\"")
                .contains("\"Jours à temps plein, 12 mois avant · Cohorte de comparaison\"")
                .contains("Median length of stay")
                .contains("moins de 11 personnes").contains("secret statistique")
                .contains("23,5").contains("15,25").contains("1\u202f398")
                .contains("manquant")
                .contains("ab".repeat(32))
                .doesNotContain("<script src").doesNotContain("<link ");
        assertThat(html).contains("\"WEMWBS · 12\"").contains("\"WEMWBS · 6\"").contains("Personnes réévaluées")
                .contains("data-column=\"horizon\"");
        // the interval's bounds reach the chart in the order low, high
        assertThat(html).contains("[0,-9.75,-3.25]");
    }

    @Test
    void testAReleaseWithoutIndicatorTablesOrReleaseInfoIsAClearError() throws Exception {
        Path release = dir.resolve("release/2026-03-02");
        Files.createDirectories(release);
        assertThatThrownBy(() -> new ReportBuilder(Path.of("config"), Path.of("sql"), Optional.empty()).write(release, dir, null))
                .isInstanceOf(ReportException.class).hasMessageContaining("no release.duckdb in " + release);
    }

    @Test
    void testLatestReleaseIsTheGreatestCompleteFolderInNaturalOrder() throws Exception {
        Path releases = dir.resolve("release");
        for (String name : new String[] {"2026-03-01", "2026-03-01.2", "2026-03-01.10", "2026-02-28", "2026-03-02"}) {
            Files.createDirectories(releases.resolve(name));
            if (!name.equals("2026-03-02")) {
                Files.writeString(releases.resolve(name).resolve("manifest.json"), "{}");
            }
        }
        assertThat(ReleaseDirectories.latest(releases).getFileName()).hasToString("2026-03-01.10");
        assertThat(ReleaseDirectories.named(releases, "2026-02-28").getFileName()).hasToString("2026-02-28");
        assertThatThrownBy(() -> ReleaseDirectories.named(releases, "2026-03-02")).isInstanceOf(ReportException.class)
                .hasMessageContaining("no complete release 2026-03-02");
    }
}
