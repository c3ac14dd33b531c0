package fr.pairobs.report;

import java.util.List;

/** What the template renders: every text already in French and formatted, every chart an ECharts option in JSON. */
public record ReportModel(String title, int year, int previousYear, ReleaseView release, List<KeyFigure> keyFigures,
        List<Section> sections, List<Chart> maps, TableView mapTable, Quality quality, Assets assets) {

    public record ReleaseView(String releaseDate, String releaseDateLong, String buildId, String dataUpTo, String builtAt,
            String codeVersion, String sqlVersion, List<ManifestRow> manifest) {
    }

    public record ManifestRow(String path, String size, String sha256) {
    }

    /** @param trendClass up, down, flat or none: the arrow's direction, not a judgement */
    public record KeyFigure(String value, String label, String trend, String trendClass, String anchor) {
    }

    /** @param yearNote says when the section shows an earlier year than the report's, and why */
    public record Section(String id, int number, String title, String table, String comment, MethodsNotes.Notes notes,
            List<Chart> charts, TableView values, String unit, String yearNote) {
    }

    /** @param spec ECharts option (JSON); @param format number, percent or euro for axis and tooltip labels */
    public record Chart(String id, String title, String description, String spec, int height) {
    }

    public record TableView(String caption, List<Header> headers, List<Row> rows) {
    }

    public record Header(String label, String column, String description, boolean numeric) {
    }

    /** @param key the row's identifying columns (text and year) as JSON, so that a reader can find it in the release */
    public record Row(String key, String level, List<Cell> cells) {
    }

    /** @param state value, secret (masked by statistical secrecy) or none (not applicable) */
    public record Cell(String text, String column, String state, boolean numeric) {
    }

    /** @param summary one sentence: reporting rate and on-time rate over every partner and period */
    public record Quality(String summary, Chart completenessChart, List<FeedStatus> feeds, Chart checksChart, TableView checks) {
    }

    /** One partner's dataset: how many periods were received on time, late or are missing. */
    public record FeedStatus(String partner, String dataset, long onTime, long late, long missing, String reportingRate,
            String onTimeRate, List<PeriodStatus> periods) {
    }

    /** @param status on_time, late or missing; @param label its French words, shown with a symbol, never by colour alone */
    public record PeriodStatus(String period, String status, String label, String symbol, String receivedOn) {
    }

    public record Assets(String css, String script, String echarts) {
    }
}
