package fr.pairobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import fr.pairobs.report.Charts.Series;
import fr.pairobs.report.FrenchFormat.Kind;
import fr.pairobs.report.ReportModel.Cell;
import fr.pairobs.report.ReportModel.Chart;
import fr.pairobs.report.ReportModel.FeedStatus;
import fr.pairobs.report.ReportModel.Header;
import fr.pairobs.report.ReportModel.PeriodStatus;
import fr.pairobs.report.ReportModel.Row;
import fr.pairobs.report.ReportModel.TableView;

/**
 * Data quality and completeness: for each partner and period, received on time, late or missing (the
 * reporting rate of health-information systems), rows loaded and rejected, and the quality checks of
 * each build with their trend.
 */
final class QualitySection {
    private static final Map<String, String> LABELS = Map.of("on_time", "à l'heure", "late", "en retard", "missing", "manquant",
            "quarantined", "en quarantaine");
    private static final Map<String, String> SYMBOLS = Map.of("on_time", "✓", "late", "◷", "missing", "✗", "quarantined", "⚠");
    private static final Map<String, String> CHECK_STATUS = Map.of("PASSED", "réussi", "WARNING", "avertissement", "FAILED", "échoué");

    private QualitySection() {
    }

    static ReportModel.Quality build(Release release) {
        Map<String, List<Release.Completeness>> byFeed = new LinkedHashMap<>();
        for (Release.Completeness c : release.completeness()) {
            byFeed.computeIfAbsent(c.partnerId() + "\u0000" + c.dataset(), k -> new ArrayList<>()).add(c);
        }
        List<FeedStatus> feeds = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        List<Double> onTime = new ArrayList<>();
        List<Double> late = new ArrayList<>();
        List<Double> missing = new ArrayList<>();
        long allOnTime = 0;
        long allLate = 0;
        long all = 0;
        for (List<Release.Completeness> periods : byFeed.values()) {
            Release.Completeness first = periods.get(0);
            long t = periods.stream().filter(p -> "on_time".equals(p.status())).count();
            long l = periods.stream().filter(p -> "late".equals(p.status())).count();
            // a quarantined export is not in the release: for the reporting rate it is missing
            long m = periods.stream().filter(p -> "missing".equals(p.status()) || "quarantined".equals(p.status())).count();
            long n = periods.size();
            allOnTime += t;
            allLate += l;
            all += n;
            List<PeriodStatus> chips = periods.stream().map(p -> new PeriodStatus(p.period(), p.status(),
                    LABELS.getOrDefault(p.status(), p.status()), SYMBOLS.getOrDefault(p.status(), "?"),
                    p.receivedOn() == null ? "" : "reçu le " + FrenchFormat.date(p.receivedOn()))).toList();
            feeds.add(new FeedStatus(first.partnerId(), first.dataset(), t, l, m, FrenchFormat.format((double) (t + l) / n, Kind.PERCENT),
                    FrenchFormat.format((double) t / n, Kind.PERCENT), chips));
            categories.add(first.partnerId() + " · " + first.dataset());
            onTime.add((double) t);
            late.add((double) l);
            missing.add((double) m);
        }
        String summary = all == 0 ? "La publication ne décrit aucun envoi attendu."
                : "Sur " + FrenchFormat.integer(all) + " envois attendus (partenaire, jeu de données, période) : taux de réception "
                        + FrenchFormat.format((double) (allOnTime + allLate) / all, Kind.PERCENT) + ", dont à l'heure "
                        + FrenchFormat.format((double) allOnTime / all, Kind.PERCENT) + ".";
        Chart completenessChart = null;
        if (!categories.isEmpty()) {
            Map<String, Object> option = Charts.bars(categories, List.of(new Series("à l'heure ✓", onTime), new Series("en retard ◷", late),
                    new Series("manquant ✗", missing)), "périodes", "number", true, true, false);
            option.put("color", List.of("#009E73", "#E69F00", "#D55E00"));
            completenessChart = new Chart("completude", "Envois par partenaire et jeu de données : à l'heure, en retard, manquants",
                    "Barres empilées du nombre de périodes reçues à l'heure, en retard et manquantes pour " + String.join(", ", categories)
                            + ". Détail par période dans le tableau ci-dessous.",
                    Charts.json(option), Math.max(220, 70 + categories.size() * 26));
        }
        return new ReportModel.Quality(summary, completenessChart, feeds, checksChart(release), checksTable(release));
    }

    private static Chart checksChart(Release release) {
        Map<String, Map<String, Double>> byBuild = new LinkedHashMap<>();
        for (Release.QualityCheck c : release.qualityChecks()) {
            String build = "build " + c.buildId() + (c.builtAt() == null ? "" : " (" + FrenchFormat.date(c.builtAt().toLocalDate()) + ")");
            byBuild.computeIfAbsent(build, k -> new LinkedHashMap<>()).merge(c.status(), 1.0, Double::sum);
        }
        if (byBuild.isEmpty()) {
            return null;
        }
        List<String> builds = new ArrayList<>(byBuild.keySet());
        List<Series> series = new ArrayList<>();
        for (String status : List.of("PASSED", "WARNING", "FAILED")) {
            series.add(new Series(CHECK_STATUS.get(status), builds.stream().map(b -> byBuild.get(b).getOrDefault(status, 0.0)).toList()));
        }
        Map<String, Object> option = Charts.bars(builds, series, "contrôles", "number", true, false, false);
        option.put("color", List.of("#009E73", "#E69F00", "#D55E00"));
        return new Chart("controles", "Contrôles de qualité par construction : réussis, avertissements, échecs",
                "Barres empilées du nombre de contrôles réussis, en avertissement et échoués pour " + String.join(", ", builds)
                        + ". Le détail de la dernière construction est dans le tableau ci-dessous.",
                Charts.json(option), 260);
    }

    private static TableView checksTable(Release release) {
        List<Release.QualityCheck> checks = release.qualityChecks();
        List<Header> headers = List.of(new Header("Contrôle", "check_name", "", false), new Header("Famille", "family", "", false),
                new Header("Gravité", "severity", "", false), new Header("Statut", "status", "", false),
                new Header("Lignes en défaut", "failing_rows", "", true), new Header("Par rapport à la construction précédente", "trend", "", false));
        if (checks.isEmpty()) {
            return new TableView("Aucun contrôle publié", headers, List.of());
        }
        List<String> builds = checks.stream().map(Release.QualityCheck::buildId).distinct().toList();
        String last = builds.get(builds.size() - 1);
        String previous = builds.size() > 1 ? builds.get(builds.size() - 2) : null;
        Map<String, String> before = new LinkedHashMap<>();
        checks.stream().filter(c -> c.buildId().equals(previous)).forEach(c -> before.put(c.checkName(), c.status()));
        List<Row> rows = new ArrayList<>();
        for (Release.QualityCheck c : checks) {
            if (!c.buildId().equals(last)) {
                continue;
            }
            String was = before.get(c.checkName());
            boolean failing = !"PASSED".equals(c.status());
            String trend = previous == null || was == null ? "—"
                    : failing && "PASSED".equals(was) ? "nouveau" : failing ? "persistant" : !"PASSED".equals(was) ? "corrigé" : "stable";
            rows.add(new Row(c.checkName(), c.status(), List.of(new Cell(c.checkName(), "check_name", "value", false),
                    new Cell(c.family(), "family", "value", false),
                    new Cell("blocking".equals(c.severity()) ? "bloquant" : "avertissement", "severity", "value", false),
                    new Cell(CHECK_STATUS.getOrDefault(c.status(), c.status()), "status", "value", false),
                    new Cell(FrenchFormat.integer(c.failingRows()), "failing_rows", "value", true),
                    new Cell(trend, "trend", "value", false))));
        }
        return new TableView("Contrôles de la construction " + last, headers, rows);
    }
}
