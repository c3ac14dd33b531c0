package fr.pairobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operating characteristics of the estimator over the seeds of a scenario, per indicator and year of first contact
 * and pooled over years: bias over the estimated seeds, coverage of the truth by the 95 % interval, the share called
 * significant (an interval that excludes 0; withheld counts as not significant: false positives under a null
 * scenario, power under an effect), the share withheld, and their Monte Carlo standard errors, sqrt(p (1 - p) / n).
 */
final class EvaluationSummary {
    /** The targets of issue 23. */
    static final double COVERAGE_MIN = 0.93;
    static final double COVERAGE_MAX = 0.975;
    static final double FALSE_POSITIVE_MAX = 0.07;
    static final double RELATIVE_BIAS_MAX = 0.10;
    static final String ALL_YEARS = "all";

    private EvaluationSummary() {
    }

    /** The cells of every scenario, indicator and year, each indicator's pooled cell after its years. */
    static List<Cell> cells(List<SeedRun> runs) {
        Map<String, Map<String, Map<String, List<Pair>>>> grouped = new LinkedHashMap<>();
        for (SeedRun run : runs) {
            for (SeedRun.Estimate estimate : run.estimates()) {
                Map<String, List<Pair>> years = grouped.computeIfAbsent(run.scenario(), s -> new LinkedHashMap<>())
                        .computeIfAbsent(estimate.indicator(), i -> new TreeMap<>());
                years.computeIfAbsent(String.valueOf(estimate.year()), y -> new ArrayList<>()).add(new Pair(run.seed(), estimate));
            }
        }
        List<Cell> cells = new ArrayList<>();
        grouped.forEach((scenario, indicators) -> {
            for (String indicator : EvaluationBenchmark.INDICATORS) {
                Map<String, List<Pair>> years = indicators.getOrDefault(indicator, Map.of());
                List<Pair> pooled = new ArrayList<>();
                years.forEach((year, pairs) -> {
                    cells.add(cell(scenario, indicator, year, pairs));
                    pooled.addAll(pairs);
                });
                cells.add(cell(scenario, indicator, ALL_YEARS, pooled));
            }
        });
        return cells;
    }

    private static Cell cell(String scenario, String indicator, String year, List<Pair> pairs) {
        List<SeedRun.Estimate> estimated = pairs.stream().map(Pair::estimate).filter(SeedRun.Estimate::estimated).toList();
        int n = pairs.size();
        int k = estimated.size();
        Double meanEstimate = k == 0 ? null : mean(estimated.stream().mapToDouble(SeedRun.Estimate::estimate).toArray());
        Double meanTruth = k == 0 ? null : mean(estimated.stream().mapToDouble(SeedRun.Estimate::truth).toArray());
        Double bias = k == 0 ? null : mean(estimated.stream().mapToDouble(e -> e.estimate() - e.truth()).toArray());
        Double relativeBias = bias == null || meanTruth == 0 ? null : bias / Math.abs(meanTruth);
        Double coverage = k == 0 ? null : (double) estimated.stream().filter(SeedRun.Estimate::covers).count() / k;
        double significant = n == 0 ? 0 : (double) pairs.stream().filter(p -> p.estimate().significant()).count() / n;
        return new Cell(scenario, EvaluationBenchmark.isNull(scenario), indicator, year,
                (int) pairs.stream().mapToLong(Pair::seed).distinct().count(), n, k, n == 0 ? 0 : (double) (n - k) / n, meanEstimate,
                meanTruth, bias, relativeBias,
                sd(estimated.stream().mapToDouble(SeedRun.Estimate::estimate).toArray()),
                sd(estimated.stream().mapToDouble(e -> e.estimate() - e.truth()).toArray()),
                k == 0 ? null : mean(estimated.stream().mapToDouble(SeedRun.Estimate::standardError).toArray()),
                coverage, coverage == null ? null : mcse(coverage, k), significant, n == 0 ? null : mcse(significant, n));
    }

    /**
     * One scenario × indicator × year (or {@link #ALL_YEARS}): {@code n} seed-years, of which {@code estimated} have an
     * estimate; the means, the SDs and the mean standard error (the interval's half-width / 1.96) are over those.
     */
    record Cell(String scenario, boolean nullScenario, String indicator, String year, int seeds, int n, int estimated,
            double withheldShare, Double meanEstimate, Double meanTruth, Double bias, Double relativeBias, Double sdEstimate,
            Double sdError, Double meanStandardError, Double coverage, Double coverageMcse, double significantShare,
            Double significantMcse) {
        /** The targets this cell misses: coverage, false positives (null scenarios), bias (when the truth is not 0). */
        List<String> misses() {
            List<String> misses = new ArrayList<>();
            if (coverage == null) {
                misses.add("no estimate");
            } else if (coverage < COVERAGE_MIN || coverage > COVERAGE_MAX) {
                misses.add("coverage");
            }
            if (nullScenario && significantShare > FALSE_POSITIVE_MAX) {
                misses.add("false positives");
            }
            if (relativeBias != null && Math.abs(relativeBias) > RELATIVE_BIAS_MAX) {
                misses.add("bias");
            }
            return misses;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("scenario", scenario);
            json.put("kind", nullScenario ? "null" : "effect");
            json.put("indicator", indicator);
            json.put("year", year);
            json.put("seeds", seeds);
            json.put("n", n);
            json.put("estimated", estimated);
            json.put("withheld_share", withheldShare);
            json.put("mean_estimate", meanEstimate);
            json.put("mean_truth", meanTruth);
            json.put("bias", bias);
            json.put("relative_bias", relativeBias);
            json.put("sd_estimate", sdEstimate);
            json.put("sd_error", sdError);
            json.put("mean_se", meanStandardError);
            json.put("coverage", coverage);
            json.put("coverage_mcse", coverageMcse);
            json.put("significant_share", significantShare);
            json.put("significant_mcse", significantMcse);
            json.put(nullScenario ? "false_positive_share" : "power", significantShare);
            json.put("misses", misses());
            return json;
        }
    }

    private record Pair(long seed, SeedRun.Estimate estimate) {
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The sample standard deviation; null under two values. */
    private static Double sd(double[] values) {
        if (values.length < 2) {
            return null;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    static double mcse(double share, int n) {
        return Math.sqrt(share * (1 - share) / n);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
