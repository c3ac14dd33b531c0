package fr.pairobs.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The report's declarative side ({@code report/indicators.yml}): which column of each indicator table
 * is charted and how, French labels, key figures and maps. Tables and columns of the release that it
 * does not name are still reported; names it gives that the release lacks are skipped.
 */
public record ReportConfig(Map<String, String> labels, List<String> dimensions, Map<String, String> values,
        Map<String, String> formats, List<Indicator> indicators, List<KeyFigure> keyFigures, List<MapSpec> maps) {
    public ReportConfig {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        values = values == null ? Map.of() : Map.copyOf(values);
        formats = formats == null ? Map.of() : Map.copyOf(formats);
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
        keyFigures = keyFigures == null ? List.of() : List.copyOf(keyFigures);
        maps = maps == null ? List.of() : List.copyOf(maps);
    }

    /** @param chart bars (default) or before_after; @param stack stack the series (parts of a whole) */
    public record Indicator(String table, String title, String chart, List<String> measures, String unit, Interval interval,
            boolean stack) {
        public Indicator {
            measures = measures == null ? List.of() : List.copyOf(measures);
            chart = chart == null ? "bars" : chart;
            unit = unit == null ? "" : unit;
        }
    }

    /** An estimate with its 95 % confidence interval (difference in differences against the comparison cohort). */
    public record Interval(String estimate, String low, String high) {
    }

    /** @param sum add the region rows of the year over the table's dimensions (amounts, counts) */
    public record KeyFigure(String table, String column, String label, boolean sum) {
    }

    public record MapSpec(String table, String column, String label) {
    }

    public static ReportConfig load() {
        try (InputStream in = ReportConfig.class.getResourceAsStream("/report/indicators.yml")) {
            if (in == null) {
                throw new ReportException("report/indicators.yml is missing from the classpath");
            }
            return YAMLMapper.builder()
                    .propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .build().readValue(in, ReportConfig.class);
        } catch (IOException e) {
            throw new ReportException("cannot read report/indicators.yml: " + e.getMessage(), e);
        }
    }

    public Indicator indicator(String table) {
        return indicators.stream().filter(i -> i.table().equals(table)).findFirst().orElse(null);
    }

    public String label(String column, String comment) {
        String label = labels.get(column);
        if (label != null) {
            return label;
        }
        return comment == null || comment.isBlank() ? column : comment;
    }

    public String value(String value) {
        return values.getOrDefault(value, value);
    }
}
