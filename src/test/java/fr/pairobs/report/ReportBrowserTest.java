package fr.pairobs.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.context.ConfigurableApplicationContext;

import fr.pairobs.PipelineContexts;
import fr.pairobs.release.Manifest;
import fr.pairobs.release.Releases;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.pseudo.PseudonymKey;
import fr.pairobs.warehouse.WarehouseReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report in a real headless Chromium (Debian's chromium and chromedriver), built from a release in
 * the open-release shape made from a real demo warehouse: it loads from a file: URL with no console
 * error and no request, each indicator section draws a chart with marks, every number of its tables is
 * the release's value, masked cells read "secret", and the printed PDF gives each indicator a page or more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target/report-screenshots");
    private static final Pattern NUMBER = Pattern.compile("^[+−-]?[0-9\\s\u00a0\u202f]+(,([0-9]+))?");
    private Path home;
    private Path release;
    private ReportBuilder.Written written;
    private ChromeDriver driver;
    private Path profile;

    @BeforeAll
    void buildReleaseAndReport() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (/usr/bin/chromium, /usr/bin/chromedriver): apt-get install -y chromium chromium-driver; "
                        + "the report's browser tests are skipped");
        home = Files.createTempDirectory("pairobs-report-");
        PseudonymKey.generate("k1", home.resolve("secrets/pseudonym.key"));
        new DemoExports().generate(home, 7, 0.4);
        // one quarter that a partner never sent: the report must show it missing
        try (Stream<Path> inbox = Files.list(home.resolve("inbox/ch-le-vinatier"))) {
            for (Path f : inbox.filter(f -> f.getFileName().toString().matches("contacts_msp_2024-T2.*")).toList()) {
                Files.delete(f);
            }
        }
        // the report is printed by the night itself, into the release it publishes
        try (ConfigurableApplicationContext context = PipelineContexts.start(home, "pairobs.report.pdf=auto")) {
            JobRunner runner = context.getBean(JobRunner.class);
            // two builds, so that the quality checks have a trend
            assertThat(runner.run("nightly", LocalDate.of(2026, 3, 1), null).exitCode()).isZero();
            assertThat(runner.run("nightly", LocalDate.of(2026, 3, 2), "second-build").exitCode()).isZero();
        }
        release = new Releases(home.resolve("release"), 1).latest().orElseThrow();
        assertThat(release.getFileName().toString()).isEqualTo("2026-03-02");
        written = new ReportBuilder.Written(release.resolve("report.html"), Optional.of(release.resolve("report.pdf")).filter(Files::exists),
                expectedYear(), releaseTables().size());

        profile = Files.createTempDirectory("pairobs-report-chrome-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1200,1600", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.get(written.html().toUri().toString());
    }

    @AfterAll
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void testThePublishedReleaseHoldsTheReportListedInItsManifest() throws Exception {
        JsonNode files = JsonMapper.builder().build().readTree(release.resolve("manifest.json").toFile()).get("files");
        for (String name : List.of("report.html", "report.pdf")) {
            assertThat(release.resolve(name)).as(name + " published in the release").isRegularFile();
            assertThat(files.get(name).asString()).as(name + " in manifest.json").isEqualTo(Manifest.sha256(release.resolve(name)));
        }
    }

    @Test
    void testReportLoadsFromAFileUrlWithNoConsoleErrorAndNoRequest() {
        assertThat(driver.getCurrentUrl()).startsWith("file:");
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries).as("console messages").noneMatch(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
        // the page itself is the only resource: no script, style, font or image fetched from anywhere
        Object resources = js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
        assertThat((List<?>) resources).isEmpty();
        assertThat(driver.findElements(By.cssSelector("script[src], link[href], img[src]:not([src^='data:'])"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("meta[http-equiv='Content-Security-Policy']")).getAttribute("content"))
                .contains("default-src 'none'").contains("connect-src 'none'");
    }

    @Test
    void testEveryIndicatorSectionShowsAChartWithMarksAndATextAlternative() throws Exception {
        List<String> tables = releaseTables();
        List<WebElement> sections = driver.findElements(By.cssSelector("section.indicator"));
        assertThat(sections).extracting(s -> s.getAttribute("data-table")).containsExactlyInAnyOrderElementsOf(tables);
        for (WebElement section : sections) {
            List<WebElement> charts = section.findElements(By.cssSelector("figure .chart"));
            assertThat(charts).as(section.getAttribute("data-table")).isNotEmpty();
            long marks = 0;
            for (WebElement chart : charts) {
                assertThat(chart.getAttribute("aria-label")).isNotBlank();
                assertThat(chart.findElement(By.xpath("..")).findElement(By.tagName("figcaption")).getText()).isNotBlank();
                marks += marks(chart);
            }
            assertThat(marks).as("bars, points or lines drawn in " + section.getAttribute("data-table")).isPositive();
            assertThat(section.findElements(By.cssSelector("table.values tbody tr"))).isNotEmpty();
        }
        // headings in order: one h1, then h2 and h3 never skipping a level
        List<String> levels = driver.findElements(By.cssSelector("h1, h2, h3, h4")).stream().map(WebElement::getTagName).toList();
        assertThat(levels.get(0)).isEqualTo("h1");
        for (int i = 1; i < levels.size(); i++) {
            assertThat(levels.get(i).charAt(1) - levels.get(i - 1).charAt(1)).as("heading %s after %s", levels.get(i), levels.get(i - 1))
                    .isLessThanOrEqualTo(1);
        }
        assertThat(marks(driver.findElement(By.id("carte-0")))).as("tiles of the map").isGreaterThanOrEqualTo(12);
    }

    @Test
    void testEveryNumberOfTheTablesIsTheReleaseValueAndMaskedCellsReadSecret() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        int year = expectedYear();
        // the night chose the report's year: the latest the data cover whole
        assertThat(driver.findElement(By.cssSelector("h1 .year")).getText()).isEqualTo("Indicateurs " + year);
        int compared = 0;
        int secrets = 0;
        try (Connection connection = WarehouseReader.openReadOnly(release.resolve("release.duckdb"))) {
            for (String table : releaseTables()) {
                List<Map<String, Object>> rows = shownRows(table);
                // a table without a value for the report's year is shown for its latest earlier year
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM " + table + " WHERE level = 'region' OR year = (SELECT max(year) FROM " + table
                                + " WHERE year <= " + year + ")")) {
                    rs.next();
                    assertThat(rows).as("rows of " + table).hasSize(rs.getInt(1));
                }
                Set<String> keys = new HashSet<>();
                for (Map<String, Object> row : rows) {
                    JsonNode key = json.readTree((String) row.get("key"));
                    assertThat(keys.add(key.toString())).as("row shown once: " + key).isTrue();
                    List<String> where = new ArrayList<>();
                    List<Object> args = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> e : key.properties()) {
                        where.add("\"" + e.getKey() + "\" IS NOT DISTINCT FROM ?");
                        args.add(e.getValue().isNull() ? null : e.getValue().isNumber() ? (Object) e.getValue().asInt() : e.getValue().asString());
                    }
                    try (PreparedStatement p = connection.prepareStatement("SELECT * FROM " + table + " WHERE " + String.join(" AND ", where))) {
                        for (int i = 0; i < args.size(); i++) {
                            p.setObject(i + 1, args.get(i));
                        }
                        try (ResultSet rs = p.executeQuery()) {
                            assertThat(rs.next()).as(table + " " + key).isTrue();
                            boolean masked = rs.getBoolean("is_masked");
                            for (Map<String, Object> cell : cells(row)) {
                                String column = (String) cell.get("column");
                                String text = (String) cell.get("text");
                                Object value = rs.getObject(column);
                                if (value == null) {
                                    if (masked) {
                                        // a primary cell reads "moins de 11 personnes", a secondary one "secret statistique"
                                        assertThat(text).as(table + "." + column + " " + key)
                                                .isEqualTo("primary".equals(rs.getString("mask_reason")) ? "moins de 11 personnes" : "secret statistique");
                                        secrets++;
                                    } else {
                                        assertThat(text).as(table + "." + column + " " + key).isEqualTo("—");
                                    }
                                } else {
                                    double expected = ((Number) value).doubleValue();
                                    assertThat(parse(text)).as(table + "." + column + " " + key + ": '" + text + "'")
                                            .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance(text)));
                                    compared++;
                                }
                            }
                            assertThat(rs.next()).as("one release row per table row").isFalse();
                        }
                    }
                }
            }
        }
        assertThat(compared).as("numbers compared").isGreaterThan(100);
        assertThat(secrets).as("masked cells in the demo release").isPositive();
        assertThat((List<?>) ((JavascriptExecutor) driver).executeScript("return Array.from(document.querySelectorAll(\"td[data-state='secret']\"))"
                + ".map(td => td.innerText.replace(/\\u00a0/g, ' ').trim());"))
                .allSatisfy(text -> assertThat((String) text).isIn("moins de 11 personnes", "secret statistique"));
    }

    @Test
    void testMapValuesArePerHundredThousandInhabitantsOfTheReleaseValues() throws Exception {
        Map<String, Long> population = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("config/reference/departements.csv")).subList(1, 13)) {
            String[] f = line.split(",");
            population.put(f[0], Long.parseLong(f[3]));
        }
        int year = expectedYear();
        int compared = 0;
        try (Connection connection = WarehouseReader.openReadOnly(release.resolve("release.duckdb"))) {
            List<WebElement> rows = driver.findElements(By.cssSelector("table[data-table='maps'] tbody tr"));
            assertThat(rows).hasSize(12);
            for (WebElement row : rows) {
                String departement = row.getAttribute("data-key");
                for (WebElement cell : row.findElements(By.cssSelector("td[data-state='value']"))) {
                    String[] tableColumn = cell.getAttribute("data-column").split("\\.");
                    try (PreparedStatement p = connection.prepareStatement("SELECT sum(" + tableColumn[1] + ") FROM " + tableColumn[0]
                            + " WHERE level = 'departement' AND departement = ? AND year = (SELECT max(year) FROM " + tableColumn[0]
                            + " WHERE year <= ?)")) {
                        p.setString(1, departement);
                        p.setInt(2, year);
                        try (ResultSet rs = p.executeQuery()) {
                            rs.next();
                            double expected = rs.getDouble(1) * 100_000 / population.get(departement);
                            assertThat(parse(cell.getText())).as(departement + " " + cell.getAttribute("data-column"))
                                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.05 + 1e-9));
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).as("départements with a published value").isPositive();
    }

    @Test
    void testCompletenessShowsEachPartnerPeriodAndTheMissingQuarter() throws Exception {
        try (Connection connection = WarehouseReader.openReadOnly(release.resolve("release.duckdb"));
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status = 'missing') FROM release_completeness")) {
            rs.next();
            assertThat(driver.findElements(By.cssSelector("table.completeness .period"))).hasSize(rs.getInt(1));
            assertThat(rs.getInt(2)).as("the quarter removed from the inbox").isPositive();
        }
        assertThat(driver.findElements(By.cssSelector("table.completeness .period.missing")))
                .anySatisfy(p -> assertThat(p.getText()).contains("2024-T2").contains("manquant"));
        assertThat(driver.findElement(By.id("publication")).getText()).contains("release.duckdb").contains("02/03/2026");
    }

    @Test
    void testPdfHasAPageOrMorePerIndicatorSectionAndScreenshotsAreWritten() throws Exception {
        assertThat(written.pdf()).as("printed by the Chromium found at /usr/bin/chromium").isPresent();
        List<String> titles = driver.findElements(By.cssSelector("section.indicator h2")).stream().map(WebElement::getText).toList();
        try (PDDocument pdf = Loader.loadPDF(written.pdf().get().toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<Integer> starts = new ArrayList<>();
            for (String title : titles) {
                int page = -1;
                // from page 2: the first page's contents list names every section
                for (int p = 2; p <= pdf.getNumberOfPages() && page < 0; p++) {
                    stripper.setStartPage(p);
                    stripper.setEndPage(p);
                    if (stripper.getText(pdf).replaceAll("\\s+", " ").strip().startsWith(title)) {
                        page = p;
                    }
                }
                assertThat(page).as("page of " + title).isPositive();
                starts.add(page);
            }
            assertThat(starts).as("each indicator section begins its own page").doesNotHaveDuplicates().isSorted();
            assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(titles.size() + 1);
        }
        Files.createDirectories(SHOTS);
        driver.manage().window().setSize(new Dimension(1200, 1600));
        js("window.scrollTo(0, 0);");
        Files.write(SHOTS.resolve("first-page.png"), driver.getScreenshotAs(OutputType.BYTES));
        WebElement section = driver.findElement(By.cssSelector("section.indicator[data-table='ind_engagement']"));
        js("arguments[0].scrollIntoView();", section);
        Files.write(SHOTS.resolve("indicator-section.png"), section.getScreenshotAs(OutputType.BYTES));
        Files.write(SHOTS.resolve("territories.png"), driver.findElement(By.id("territoires")).getScreenshotAs(OutputType.BYTES));
        Files.write(SHOTS.resolve("quality.png"), driver.findElement(By.id("qualite")).getScreenshotAs(OutputType.BYTES));
        BufferedImage first = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(SHOTS.resolve("first-page.png"))));
        assertThat(first.getWidth()).isPositive();
        Files.copy(written.pdf().get(), SHOTS.resolve("report.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(written.html(), SHOTS.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Drawn marks of a chart: SVG shapes filled or stroked by a series (ECharts' own axes and grid lines are thin grey strokes). */
    private long marks(WebElement chart) {
        Object n = js("var svg = arguments[0].querySelector('svg'); if (!svg) return 0;"
                + "return Array.from(svg.querySelectorAll('path, rect, circle')).filter(function (e) {"
                + "  var fill = e.getAttribute('fill'); var stroke = e.getAttribute('stroke');"
                + "  var painted = function (c) { return c && c !== 'none' && c !== 'transparent' && !/^#(fff|ffffff|ccc|e0e6f1|6e7079)$/i.test(c)"
                + "     && !/rgba?\\(\\s*(255|224|110|204)/.test(c); };"
                + "  return e.closest('[clip-path]') === null ? painted(fill) && e.getBBox().width * e.getBBox().height > 4 : painted(fill) || painted(stroke);"
                + "}).length;", chart);
        return ((Number) n).longValue();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private List<String> releaseTables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = WarehouseReader.openReadOnly(release.resolve("release.duckdb"));
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ind_%'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** The latest year the release's data cover whole. */
    private int expectedYear() throws Exception {
        try (Connection connection = WarehouseReader.openReadOnly(release.resolve("release.duckdb"));
                Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN month(data_up_to) = 12 AND day(data_up_to) = 31 THEN year(data_up_to) "
                        + "ELSE year(data_up_to) - 1 END FROM release_info")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A French-formatted number back to a double: 27 826 €, 0,42, 42,0 %, −3,5. */
    /**
     * The rows of a values table as the page shows them, read in one call to the browser (a call per cell costs a
     * minute): each row's {@code data-key} and its number cells' column and text, non-breaking spaces read as spaces as
     * WebDriver's getText reads them.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> shownRows(String table) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript("""
                return Array.from(document.querySelectorAll(arguments[0])).map(tr => ({
                    key: tr.getAttribute('data-key'),
                    cells: Array.from(tr.querySelectorAll('td.num')).map(td => ({
                        column: td.getAttribute('data-column'),
                        text: td.innerText.replace(/\u00a0/g, ' ').trim()}))}));""",
                "table.values[data-table='" + table + "'] tbody tr");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cells(Map<String, Object> row) {
        return (List<Map<String, Object>>) row.get("cells");
    }

    static double parse(String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        Matcher m = NUMBER.matcher(t);
        assertThat(m.find()).as("a French number: '" + text + "'").isTrue();
        double value = Double.parseDouble(m.group().replaceAll("[\\s\u00a0\u202f]", "").replace(',', '.').replace('−', '-'));
        return percent ? value / 100 : value;
    }

    /** Half a unit of the last digit shown. */
    static double tolerance(String text) {
        Matcher m = NUMBER.matcher(text.strip());
        m.find();
        int decimals = m.group(2) == null ? 0 : m.group(2).length();
        return 0.5 * Math.pow(10, -decimals) / (text.strip().endsWith("%") ? 100 : 1) + 1e-9;
    }
}
