package fr.pairobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * ECharts options of the report, as data: the library draws every mark. Colours are the Okabe-Ito
 * palette (safe for colour-blind readers), and ECharts' decals add a pattern per series so that bars
 * stay apart printed in black and white.
 */
final class Charts {
    /** Okabe & Ito (2008), without black (kept for text). */
    static final List<String> OKABE_ITO = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One series of a chart: its name and one value per category (null where masked or absent). */
    record Series(String name, List<Double> values) {
    }

    private Charts() {
    }

    static Map<String, Object> bars(List<String> categories, List<Series> series, String unit, String format, boolean stack,
            boolean horizontal, boolean line) {
        Map<String, Object> option = base(format);
        Map<String, Object> categoryAxis = new LinkedHashMap<>();
        categoryAxis.put("type", "category");
        categoryAxis.put("data", categories);
        Map<String, Object> axisLabel = new LinkedHashMap<>();
        axisLabel.put("interval", 0);
        if (!horizontal && categories.size() > 5) {
            axisLabel.put("rotate", 30);
        }
        if (horizontal) {
            axisLabel.put("width", 190);
            axisLabel.put("overflow", "truncate");
            categoryAxis.put("inverse", true);
        }
        categoryAxis.put("axisLabel", axisLabel);
        Map<String, Object> valueAxis = new LinkedHashMap<>();
        valueAxis.put("type", "value");
        valueAxis.put("name", unit);
        if (horizontal) {
            valueAxis.put("nameLocation", "middle");
            valueAxis.put("nameGap", 26);
        } else {
            valueAxis.put("nameTextStyle", Map.of("align", "left"));
        }
        option.put(horizontal ? "yAxis" : "xAxis", categoryAxis);
        option.put(horizontal ? "xAxis" : "yAxis", valueAxis);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Series s : series) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("type", line ? "line" : "bar");
            m.put("data", s.values().stream().map(v -> v == null ? (Object) "-" : v).toList());
            if (line) {
                m.put("symbolSize", 9);
                m.put("connectNulls", false);
            }
            if (stack) {
                m.put("stack", "total");
            }
            list.add(m);
        }
        option.put("series", list);
        return option;
    }

    /** Estimates with their 95 % interval: points and whiskers (ECharts' custom series draws the whisker from the data). */
    static Map<String, Object> intervals(List<String> categories, List<Double> estimates, List<Double> lows, List<Double> highs,
            String name, String format) {
        Map<String, Object> option = base(format);
        option.put("xAxis", Map.of("type", "category", "data", categories));
        option.put("yAxis", Map.of("type", "value", "name", "écart (IC 95 %)"));
        List<List<Object>> bounds = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            bounds.add(List.of(i, lows.get(i) == null ? "-" : lows.get(i), highs.get(i) == null ? "-" : highs.get(i)));
        }
        Map<String, Object> whiskers = new LinkedHashMap<>();
        whiskers.put("name", "IC 95 %");
        whiskers.put("type", "custom");
        whiskers.put("renderItem", "errorBar");
        whiskers.put("data", bounds);
        whiskers.put("encode", Map.of("x", 0, "y", List.of(1, 2)));
        whiskers.put("z", 1);
        Map<String, Object> points = new LinkedHashMap<>();
        points.put("name", name);
        points.put("type", "scatter");
        points.put("symbolSize", 12);
        points.put("data", estimates.stream().map(v -> v == null ? (Object) "-" : v).toList());
        points.put("z", 2);
        points.put("markLine", Map.of("silent", true, "symbol", "none", "data", List.of(Map.of("yAxis", 0)),
                "lineStyle", Map.of("color", "#555", "type", "dashed")));
        option.put("series", List.of(whiskers, points));
        return option;
    }

    /**
     * The twelve départements as tiles placed on a grid that follows the region's geography: a heatmap
     * whose colour is the value per 100,000 inhabitants; masked or absent départements in a hatched grey.
     */
    static Map<String, Object> tiles(List<Map<String, Object>> shown, List<Map<String, Object>> hidden, double max, int rows, int cols) {
        Map<String, Object> option = base("number");
        option.remove("legend");
        option.put("grid", Map.of("left", 4, "right", 4, "top", 4, "bottom", 56));
        option.put("xAxis", Map.of("type", "category", "data", range(cols), "show", false, "splitArea", Map.of("show", false)));
        option.put("yAxis", Map.of("type", "category", "data", range(rows), "show", false, "inverse", true));
        option.put("visualMap", Map.of("min", 0, "max", max <= 0 ? 1 : max, "seriesIndex", 0, "orient", "horizontal", "left", "center",
                "bottom", 0, "itemWidth", 14, "itemHeight", 180, "text", List.of("élevé", "faible"),
                "inRange", Map.of("color", List.of("#eef4fb", "#9ecae1", "#3182bd", "#08306b"))));
        Map<String, Object> label = Map.of("show", true, "formatter", "{b}", "color", "#000", "fontSize", 11,
                "textBorderColor", "#fff", "textBorderWidth", 3, "lineHeight", 15);
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("name", "pour 100 000 habitants");
        tiles.put("type", "heatmap");
        tiles.put("data", shown);
        tiles.put("label", label);
        tiles.put("itemStyle", Map.of("borderColor", "#fff", "borderWidth", 3));
        Map<String, Object> blank = new LinkedHashMap<>();
        blank.put("name", "secret ou sans donnée");
        blank.put("type", "heatmap");
        blank.put("data", hidden);
        blank.put("label", label);
        blank.put("itemStyle", Map.of("color", "#d9d9d9", "borderColor", "#fff", "borderWidth", 3,
                "decal", Map.of("symbol", "rect", "dashArrayX", List.of(1, 0), "dashArrayY", List.of(2, 4), "rotation", 0.8,
                        "color", "rgba(0,0,0,0.25)")));
        option.put("series", List.of(tiles, blank));
        return option;
    }

    private static List<String> range(int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(Integer.toString(i));
        }
        return list;
    }

    private static Map<String, Object> base(String format) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("color", OKABE_ITO);
        option.put("aria", Map.of("enabled", true, "decal", Map.of("show", true)));
        option.put("textStyle", Map.of("fontFamily", "inherit"));
        option.put("grid", Map.of("left", 8, "right", 24, "top", 48, "bottom", 8, "containLabel", true));
        option.put("legend", Map.of("top", 0, "left", 0, "type", "plain"));
        option.put("tooltip", Map.of("trigger", "item"));
        option.put("_format", format);
        return option;
    }

    static String json(Map<String, Object> option) {
        // inside a <script> element: no "</" may end it early
        return JSON.writeValueAsString(option).replace("</", "<\\/");
    }
}
