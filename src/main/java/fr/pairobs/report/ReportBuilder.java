package fr.pairobs.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import fr.pairobs.report.Charts.Series;
import fr.pairobs.report.FrenchFormat.Kind;
import fr.pairobs.report.ReportModel.Cell;
import fr.pairobs.report.ReportModel.Chart;
import fr.pairobs.report.ReportModel.Header;
import fr.pairobs.report.ReportModel.Row;
import fr.pairobs.report.ReportModel.TableView;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Objects.requireNonNull;

/**
 * Builds the observatory's report from an open release only: {@code report.html}, one self-contained
 * file (styles, scripts, the charting library and every chart's data inlined; it fetches nothing), and
 * {@code report.pdf} printed from it by headless Chromium. Publishing calls {@link #write}; so does
 * {@code pairobs report}.
 */
public final class ReportBuilder {
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ReportConfig config;
    private final MethodsNotes methods;
    private final Map<String, Departement> departements;
    private final Optional<PdfPrinter> printer;

    /** A département of the region: name and legal population. */
    public record Departement(String code, String name, long population) {
    }

    /** What was written: the HTML always, the PDF when a Chromium was found to print it. */
    public record Written(Path html, Optional<Path> pdf, int year, int sections) {
    }

    /**
     * @param configDir holds reference/departements.csv (names and populations for the rates per 100,000)
     * @param sqlDir holds indicators/README.md and the indicators' SQL, whose notes give the methods text
     * @param printer prints the PDF; empty writes the HTML only
     */
    public ReportBuilder(Path configDir, Path sqlDir, Optional<PdfPrinter> printer) {
        this.config = ReportConfig.load();
        this.methods = new MethodsNotes(requireNonNull(sqlDir, "sqlDir is null").resolve("indicators"));
        this.departements = departements(requireNonNull(configDir, "configDir is null").resolve("reference/departements.csv"));
        this.printer = requireNonNull(printer, "printer is null");
    }

    /**
     * Writes report.html and report.pdf of the release into {@code outDir} (made if needed), for
     * {@code year} or, when null, the latest complete year of the release's data.
     */
    public Written write(Path releaseDir, Path outDir, Integer year) {
        Release release = Release.read(releaseDir);
        int reportYear = year != null ? year : defaultYear(release);
        String html = render(model(release, reportYear));
        try {
            Files.createDirectories(outDir);
            Path target = outDir.resolve("report.html");
            Path temporary = outDir.resolve(".report.html.tmp");
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Optional<Path> pdf = printer.map(p -> p.print(target, outDir.resolve("report.pdf")));
            return new Written(target, pdf, reportYear, release.indicators().size());
        } catch (IOException e) {
            throw new ReportException("cannot write the report into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The latest year the data cover whole (data up to 31/12), among the years the indicator tables have. */
    static int defaultYear(Release release) {
        LocalDate upTo = release.info().dataUpTo();
        int complete = upTo == null ? Integer.MAX_VALUE : upTo.getDayOfYear() == upTo.lengthOfYear() ? upTo.getYear() : upTo.getYear() - 1;
        return release.indicators().stream().flatMap(t -> t.rows().stream()).map(r -> r.get("year"))
                .filter(Integer.class::isInstance).map(Integer.class::cast).filter(y -> y <= complete)
                .max(Integer::compare).orElse(upTo == null ? LocalDate.now().getYear() : complete);
    }

    ReportModel model(Release release, int year) {
        List<ReportModel.Section> sections = new ArrayList<>();
        List<Release.Table> ordered = new ArrayList<>();
        for (ReportConfig.Indicator indicator : config.indicators()) {
            release.indicators().stream().filter(t -> t.name().equals(indicator.table())).findFirst().ifPresent(ordered::add);
        }
        release.indicators().stream().filter(t -> !ordered.contains(t)).forEach(ordered::add);
        for (Release.Table table : ordered) {
            sections.add(section(table, sections.size() + 1, year));
        }
        List<Chart> maps = new ArrayList<>();
        List<Row> mapRows = new ArrayList<>();
        for (ReportConfig.MapSpec spec : config.maps()) {
            release.indicators().stream().filter(t -> t.name().equals(spec.table()) && t.has(spec.column())).findFirst()
                    .ifPresent(t -> maps.add(map(t, spec, yearOf(t, year), maps.size(), mapRows)));
        }
        List<Header> mapHeaders = new ArrayList<>(List.of(new Header("Département", "departement", "", false)));
        config.maps().stream().filter(s -> release.indicators().stream().anyMatch(t -> t.name().equals(s.table()) && t.has(s.column())))
                .forEach(s -> mapHeaders.add(new Header(s.label(), s.table() + "." + s.column(), "", true)));
        return new ReportModel("Observatoire de la pair-aidance en santé mentale — Auvergne-Rhône-Alpes", year, year - 1,
                releaseView(release), keyFigures(release, year, sections), sections, maps,
                new TableView("Valeurs des cartes, pour 100 000 habitants", mapHeaders, mergeMapRows(mapRows)),
                QualitySection.build(release), assets());
    }

    /**
     * The year a table is shown for: the report's year, or the latest before it that the table has
     * (indicators that need 12 months of follow-up end a year earlier than the data).
     */
    static int yearOf(Release.Table table, int year) {
        return table.rows().stream().map(r -> r.get("year")).filter(Integer.class::isInstance).map(Integer.class::cast)
                .filter(y -> y <= year).max(Integer::compare).orElse(year);
    }

    private ReportModel.Section section(Release.Table table, int number, int reportYear) {
        int year = yearOf(table, reportYear);
        ReportConfig.Indicator spec = config.indicator(table.name());
        String id = "indicateur-" + table.name().replaceFirst("^ind_", "").replace('_', '-');
        String title = spec != null && spec.title() != null ? spec.title() : table.comment().isBlank() ? table.name() : table.comment();
        List<String> dimensions = dimensions(table);
        List<String> measures = measures(table, spec);
        String format = measures.isEmpty() ? "number" : formatName(kind(measures.get(0)));
        String unit = spec == null ? "" : spec.unit();
        boolean stack = spec != null && spec.stack();
        List<Chart> charts = new ArrayList<>();
        String place = table.has("structure_name") ? "structure_name" : table.has("organisation") ? "organisation" : "structure_id";

        List<Map<String, Object>> region = rows(table, r -> "region".equals(r.get("level")));
        if (!region.isEmpty()) {
            List<String> years = distinct(region, r -> String.valueOf(r.get("year")));
            charts.add(chart(id + "-annees", "Évolution régionale, par année", table, measures, dimensions, region,
                    r -> String.valueOf(r.get("year")), years, unit, format, stack, false, years.size() > 2 && !stack
                            && "bars".equals(spec == null ? "bars" : spec.chart()) && dimensions.isEmpty()));
        }
        List<Map<String, Object>> byDepartement = rows(table, r -> "departement".equals(r.get("level")) && Objects.equals(r.get("year"), year));
        if (!byDepartement.isEmpty()) {
            List<String> names = distinct(byDepartement, this::departementName);
            charts.add(chart(id + "-departements", "Par département, " + year, table, measures, dimensions, byDepartement,
                    this::departementName, names, unit, format, stack, false, false));
        }
        List<Map<String, Object>> byStructure = rows(table, r -> "structure".equals(r.get("level")) && Objects.equals(r.get("year"), year));
        if (!byStructure.isEmpty()) {
            List<String> names = distinct(byStructure, r -> text(r.get(place)));
            charts.add(chart(id + "-structures", "Par structure, " + year, table, measures, dimensions, byStructure,
                    r -> text(r.get(place)), names, unit, format, stack, true, false));
        }
        ReportConfig.Interval interval = spec == null ? null : spec.interval();
        if (interval != null && table.has(interval.estimate()) && table.has(interval.low()) && table.has(interval.high())) {
            List<Map<String, Object>> estimated = rows(table, r -> r.get(interval.estimate()) != null
                    && ("region".equals(r.get("level")) || "departement".equals(r.get("level")) && Objects.equals(r.get("year"), year)));
            if (!estimated.isEmpty()) {
                List<String> categories = estimated.stream().map(r -> "region".equals(r.get("level"))
                        ? "Région " + r.get("year") : departementName(r) + " " + r.get("year")).toList();
                Map<String, Object> option = Charts.intervals(categories, values(estimated, interval.estimate()),
                        values(estimated, interval.low()), values(estimated, interval.high()),
                        label(table, interval.estimate()), formatName(kind(interval.estimate())));
                charts.add(new Chart(id + "-did", "Différence des différences contre la cohorte de comparaison, avec son intervalle de confiance à 95 %",
                        "Points : " + label(table, interval.estimate()) + " ; traits : intervalle de confiance à 95 %, pour "
                                + String.join(", ", categories) + ". Un intervalle qui coupe la ligne zéro ne montre pas d'effet. Valeurs dans le tableau ci-dessous.",
                        Charts.json(option), 300));
            }
        }
        List<Map<String, Object>> shown = new ArrayList<>(region);
        shown.addAll(byDepartement);
        shown.addAll(byStructure);
        TableView values = table(table, shown, dimensions, place, "Valeurs de " + table.name() + " : région toutes années, départements et structures en " + year);
        return new ReportModel.Section(id, number, title, table.name(), table.comment(), methods.notes(table.name(), table.comment()),
                charts, values, unit, year == reportYear ? "" : "Dernière année publiée pour cet indicateur : " + year
                        + " (pas encore de valeur pour " + reportYear + ", par exemple parce que sa fenêtre de suivi n'est pas close).");
    }

    private Chart chart(String id, String title, Release.Table table, List<String> measures, List<String> dimensions,
            List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> category, List<String> categories,
            String unit, String format, boolean stack, boolean horizontal, boolean line) {
        // one series per measure and per combination of the table's dimensions (instrument, cohort, funder type ...)
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        Set<String> masked = new LinkedHashSet<>();
        // the same series in every chart of the table, in one order, so that a funder or a cohort keeps its colour
        List<String> combos = new ArrayList<>(new TreeSet<>(table.rows().stream().map(r -> dimensionKey(r, dimensions)).toList()));
        measures = measures.stream().filter(m -> !dimensions.contains(m)).toList();
        for (String measure : measures) {
            for (String combo : combos) {
                String name = measures.size() > 1 || combo.isEmpty() ? label(table, measure) + (combo.isEmpty() ? "" : " · " + combo) : combo;
                series.put(name, new LinkedHashMap<>());
            }
        }
        for (Map<String, Object> row : rows) {
            String combo = dimensionKey(row, dimensions);
            String cat = category.apply(row);
            for (String measure : measures) {
                String name = measures.size() > 1 || combo.isEmpty() ? label(table, measure) + (combo.isEmpty() ? "" : " · " + combo) : combo;
                Double value = (Double) row.get(measure);
                if (value == null && Boolean.TRUE.equals(row.get("is_masked"))) {
                    masked.add(cat);
                }
                series.get(name).put(cat, value);
            }
        }
        // the mark in front, so that a long name cut short by the axis keeps it
        List<String> labels = categories.stream().map(c -> masked.contains(c) ? "* " + c : c).toList();
        List<Series> list = new ArrayList<>();
        series.forEach((name, byCategory) -> list.add(new Series(name, categories.stream().map(byCategory::get).toList())));
        Map<String, Object> option = Charts.bars(labels, list, unit, format, stack, horizontal, line);
        int height = horizontal ? Math.max(220, 70 + categories.size() * Math.max(24, 12 * list.size())) : 300;
        String description = (line ? "Courbe" : "Diagramme en barres") + " : " + String.join(", ", series.keySet()) + " (" + unit + "), "
                + title.toLowerCase(Locale.FRANCE) + ", pour " + String.join(", ", categories) + "."
                + (masked.isEmpty() ? "" : " * : " + FrenchFormat.SECRET_SECONDARY + ", non tracé.")
                + " Les valeurs sont dans le tableau ci-dessous.";
        return new Chart(id, title, description, Charts.json(option), height);
    }

    private TableView table(Release.Table table, List<Map<String, Object>> rows, List<String> dimensions, String place, String caption) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Territoire ou structure", "place", "", false));
        headers.add(new Header(label(table, "year"), "year", "", false));
        List<String> textColumns = new ArrayList<>(dimensions);
        for (Release.Column c : table.columns()) {
            if (!c.numeric() && !Release.PLACE_COLUMNS.contains(c.name()) && !textColumns.contains(c.name()) && !c.name().equals(place)
                    && !c.type().equals("BOOLEAN")) {
                textColumns.add(c.name());
            }
        }
        for (String t : textColumns) {
            headers.add(new Header(label(table, t), t, comment(table, t), false));
        }
        List<String> numeric = table.columns().stream().filter(c -> c.numeric() && !"year".equals(c.name()) && !dimensions.contains(c.name()))
                .map(Release.Column::name).toList();
        for (String n : numeric) {
            headers.add(new Header(label(table, n), n, comment(table, n), true));
        }
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            boolean isMasked = Boolean.TRUE.equals(row.get("is_masked"));
            List<Cell> cells = new ArrayList<>();
            cells.add(new Cell(placeName(row, place), "place", "value", false));
            cells.add(new Cell(String.valueOf(row.get("year")), "year", "value", false));
            for (String t : textColumns) {
                cells.add(new Cell(config.value(text(row.get(t))), t, "value", false));
            }
            for (String n : numeric) {
                Double v = (Double) row.get(n);
                if (v != null) {
                    cells.add(new Cell(FrenchFormat.format(v, kind(n)), n, "value", true));
                } else if (isMasked) {
                    cells.add(new Cell(FrenchFormat.secret(row.get("mask_reason")), n, "secret", true));
                } else {
                    cells.add(new Cell("—", n, "none", true));
                }
            }
            Map<String, Object> key = new LinkedHashMap<>();
            for (Release.Column c : table.columns()) {
                if (!c.numeric() && !"BOOLEAN".equals(c.type()) || "year".equals(c.name()) || dimensions.contains(c.name())) {
                    key.put(c.name(), row.get(c.name()));
                }
            }
            out.add(new Row(JSON.writeValueAsString(key), text(row.get("level")), cells));
        }
        return new TableView(caption, headers, out);
    }

    private Chart map(Release.Table table, ReportConfig.MapSpec spec, int year, int index, List<Row> mapRows) {
        Map<String, Double> sums = new TreeMap<>();
        Set<String> masked = new TreeSet<>();
        for (Map<String, Object> row : rows(table, r -> "departement".equals(r.get("level")) && Objects.equals(r.get("year"), year))) {
            String code = text(row.get("departement"));
            Double v = (Double) row.get(spec.column());
            if (v == null) {
                if (Boolean.TRUE.equals(row.get("is_masked"))) {
                    masked.add(code);
                }
            } else {
                sums.merge(code, v, Double::sum);
            }
        }
        masked.forEach(sums::remove); // a sum with a masked part is not published
        List<Map<String, Object>> shown = new ArrayList<>();
        List<Map<String, Object>> hidden = new ArrayList<>();
        double max = 0;
        int rows = 0;
        int cols = 0;
        for (Tile tile : tiles()) {
            rows = Math.max(rows, tile.row() + 1);
            cols = Math.max(cols, tile.col() + 1);
        }
        for (Tile tile : tiles()) {
            Departement d = departements.get(tile.code());
            String name = tile.code() + " " + (d == null ? "" : d.name());
            Double sum = sums.get(tile.code());
            Double rate = sum == null || d == null || d.population() <= 0 ? null : sum * 100_000.0 / d.population();
            String text = rate != null ? FrenchFormat.format(Math.round(rate * 10) / 10.0, Kind.NUMBER)
                    : masked.contains(tile.code()) ? "secret" : "sans donnée";
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name + "\n" + text);
            if (rate != null) {
                max = Math.max(max, rate);
                item.put("value", List.of(tile.col(), tile.row(), Math.round(rate * 10) / 10.0));
                shown.add(item);
            } else {
                item.put("value", List.of(tile.col(), tile.row(), 0));
                hidden.add(item);
            }
            mapRows.add(new Row(tile.code(), "departement", List.of(new Cell(name, "departement", "value", false),
                    new Cell(rate != null ? text : masked.contains(tile.code()) ? FrenchFormat.SECRET_SECONDARY : "—",
                            spec.table() + "." + spec.column(), rate != null ? "value" : masked.contains(tile.code()) ? "secret" : "none", true))));
        }
        String description = "Carte en tuiles des douze départements : " + spec.label().toLowerCase(Locale.FRANCE) + ", " + year + ". "
                + String.join(" ; ", mapRows.subList(mapRows.size() - tiles().size(), mapRows.size()).stream()
                        .map(r -> r.cells().get(0).text() + " : " + r.cells().get(1).text()).toList()) + ".";
        return new Chart("carte-" + index, spec.label() + ", " + year, description,
                Charts.json(Charts.tiles(shown, hidden, max, rows, cols)), 330);
    }

    private static List<Row> mergeMapRows(List<Row> rows) {
        Map<String, Row> merged = new LinkedHashMap<>();
        for (Row row : rows) {
            merged.merge(row.key(), row, (a, b) -> {
                List<Cell> cells = new ArrayList<>(a.cells());
                cells.addAll(b.cells().subList(1, b.cells().size()));
                return new Row(a.key(), a.level(), cells);
            });
        }
        List<Row> sorted = new ArrayList<>(merged.values());
        sorted.sort(Comparator.comparing(Row::key));
        return sorted;
    }

    private List<ReportModel.KeyFigure> keyFigures(Release release, int year, List<ReportModel.Section> sections) {
        List<ReportModel.KeyFigure> figures = new ArrayList<>();
        for (ReportConfig.KeyFigure spec : config.keyFigures()) {
            Optional<Release.Table> table = release.indicators().stream().filter(t -> t.name().equals(spec.table()) && t.has(spec.column())).findFirst();
            if (table.isEmpty()) {
                continue;
            }
            Kind kind = kind(spec.column());
            int shown = yearOf(table.get(), year);
            Figure now = figure(table.get(), spec, shown);
            Figure before = figure(table.get(), spec, shown - 1);
            String value = now.value() != null ? FrenchFormat.format(now.value(), kind) : now.masked() ? "secret" : "non disponible";
            String trend;
            String trendClass;
            if (now.value() != null && before.value() != null) {
                double delta = now.value() - before.value();
                trendClass = Math.abs(delta) < 1e-9 ? "flat" : delta > 0 ? "up" : "down";
                String arrow = switch (trendClass) { case "up" -> "▲"; case "down" -> "▼"; default -> "■"; };
                // a share moves in points; a count or an amount also in per cent of last year's (not a difference, whose sign can change)
                String relative = kind != Kind.PERCENT && before.value() > 0 && now.value() >= 0
                        ? " (" + (delta >= 0 ? "+" : "−") + FrenchFormat.format(Math.abs(delta / before.value()), Kind.PERCENT) + ")" : "";
                trend = arrow + " " + FrenchFormat.signed(delta, kind) + relative + " par rapport à " + (shown - 1);
            } else {
                trendClass = "none";
                trend = "pas de comparaison avec " + (shown - 1) + (before.masked() ? " (secret)" : " (non disponible)");
            }
            if (shown != year) {
                trend = "en " + shown + " · " + trend;
            }
            String anchor = sections.stream().filter(s -> s.table().equals(spec.table())).map(ReportModel.Section::id).findFirst().orElse("");
            figures.add(new ReportModel.KeyFigure(value, spec.label(), trend, trendClass, anchor));
        }
        return figures;
    }

    private record Figure(Double value, boolean masked) {
    }

    private static Figure figure(Release.Table table, ReportConfig.KeyFigure spec, int year) {
        List<Map<String, Object>> rows = rows(table, r -> "region".equals(r.get("level")) && Objects.equals(r.get("year"), year));
        if (rows.isEmpty() || !spec.sum() && rows.size() > 1) {
            return new Figure(null, false);
        }
        double sum = 0;
        for (Map<String, Object> row : rows) {
            Double v = (Double) row.get(spec.column());
            if (v == null) {
                return new Figure(null, Boolean.TRUE.equals(row.get("is_masked")));
            }
            sum += v;
        }
        return new Figure(sum, false);
    }

    private static ReportModel.ReleaseView releaseView(Release release) {
        Release.Info info = release.info();
        List<ReportModel.ManifestRow> manifest = release.manifest().stream()
                .map(f -> new ReportModel.ManifestRow(f.path(), f.bytes() == null ? "" : FrenchFormat.integer(f.bytes()) + " o", f.sha256()))
                .toList();
        return new ReportModel.ReleaseView(FrenchFormat.date(info.releaseDate()), FrenchFormat.longDate(info.releaseDate()),
                Objects.toString(info.buildId(), ""), FrenchFormat.date(info.dataUpTo()), FrenchFormat.dateTime(info.builtAt()),
                Objects.toString(info.codeVersion(), ""), Objects.toString(info.sqlVersion(), ""), manifest);
    }

    private String render(ReportModel model) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(ReportBuilder.class.getClassLoader());
        resolver.setPrefix("report/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(false);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        Context context = new Context(Locale.FRANCE);
        context.setVariable("r", model);
        context.setVariable("secret", FrenchFormat.SECRET);
        context.setVariable("secretSecondary", FrenchFormat.SECRET_SECONDARY);
        return engine.process("report", context);
    }

    private static ReportModel.Assets assets() {
        return new ReportModel.Assets(resource("/report/report.css"), resource("/report/report.js"),
                resource(ECHARTS).replace("</script", "<\\/script"));
    }

    private static String resource(String name) {
        try (InputStream in = ReportBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ReportException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private record Tile(String code, int row, int col) {
    }

    private static List<Tile> tiles() {
        List<Tile> tiles = new ArrayList<>();
        for (CSVRecord r : csv(resource("/report/departement-tiles.csv"))) {
            tiles.add(new Tile(r.get("departement"), Integer.parseInt(r.get("row")), Integer.parseInt(r.get("col"))));
        }
        return tiles;
    }

    private static Map<String, Departement> departements(Path file) {
        Map<String, Departement> map = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            throw new ReportException("no " + file + ": the rates per 100,000 inhabitants need the départements' populations");
        }
        try {
            for (CSVRecord r : csv(Files.readString(file, StandardCharsets.UTF_8))) {
                map.put(r.get("departement"), new Departement(r.get("departement"), r.get("name"), Long.parseLong(r.get("population"))));
            }
        } catch (IOException | NumberFormatException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return map;
    }

    private static Iterable<CSVRecord> csv(String text) {
        try {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(text)).getRecords();
        } catch (IOException e) {
            throw new ReportException("cannot parse CSV: " + e.getMessage(), e);
        }
    }

    private List<String> dimensions(Release.Table table) {
        return config.dimensions().stream().filter(table::has).toList();
    }

    private List<String> measures(Release.Table table, ReportConfig.Indicator spec) {
        List<String> measures = spec == null ? List.of() : spec.measures().stream().filter(table::has).toList();
        if (measures.isEmpty()) {
            // a table the configuration does not know: its first numeric column
            measures = table.columns().stream().filter(c -> c.numeric() && !"year".equals(c.name())).map(Release.Column::name).limit(1).toList();
        }
        return measures;
    }

    private String dimensionKey(Map<String, Object> row, List<String> dimensions) {
        return String.join(" · ", dimensions.stream().map(d -> config.value(text(row.get(d)))).toList());
    }

    private String departementName(Map<String, Object> row) {
        String code = text(row.get("departement"));
        Departement d = departements.get(code);
        return d == null ? code : code + " " + d.name();
    }

    private String placeName(Map<String, Object> row, String place) {
        return switch (text(row.get("level"))) {
            case "region" -> "Auvergne-Rhône-Alpes";
            case "departement" -> departementName(row);
            default -> {
                String name = text(row.get(place));
                yield name.isEmpty() ? text(row.get("structure_id")) : name;
            }
        };
    }

    private String label(Release.Table table, String column) {
        Release.Column c = table.column(column);
        return config.label(column, c == null ? "" : c.comment());
    }

    private static String comment(Release.Table table, String column) {
        Release.Column c = table.column(column);
        return c == null ? "" : c.comment();
    }

    private Kind kind(String column) {
        return FrenchFormat.kind(column, config.formats().get(column));
    }

    private static String formatName(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static List<Map<String, Object>> rows(Release.Table table, Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> rows = new ArrayList<>(table.rows().stream().filter(filter).toList());
        rows.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("year")))
                .thenComparing(r -> text(r.get("departement")))
                .thenComparing(r -> text(r.get("structure_name")) + text(r.get("organisation")) + text(r.get("structure_id"))));
        return rows;
    }

    private static List<Double> values(List<Map<String, Object>> rows, String column) {
        return rows.stream().map(r -> (Double) r.get(column)).toList();
    }

    private static List<String> distinct(List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> f) {
        return new ArrayList<>(new LinkedHashSet<>(rows.stream().map(f).toList()));
    }

    static String text(Object value) {
        // a numeric breakdown (a horizon in months) reads 12, not 12.0
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return value == null ? "" : value.toString();
    }
}
