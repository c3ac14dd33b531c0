package fr.pairobs.quality;

import java.util.List;

/**
 * The outcome of one check of sql/checks/ on one build.
 *
 * @param family conformance, completeness or plausibility (the three families of clinical-warehouse checks)
 * @param trend compared with the previous build: new, persisting or fixed (empty when nothing changed or passing)
 */
public record CheckResult(String check, String family, String severity, long threshold, long failingRows, String description,
        List<String> sample, String trend) {

    public boolean failed() {
        return failingRows > threshold;
    }

    public boolean blocking() {
        return "blocking".equalsIgnoreCase(severity);
    }

    public String status() {
        return failed() ? (blocking() ? "FAILED" : "WARNING") : "PASSED";
    }

    CheckResult withTrend(String value) {
        return new CheckResult(check, family, severity, threshold, failingRows, description, sample, value);
    }
}
