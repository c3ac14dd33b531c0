package fr.pairobs.quality;

import java.util.List;

/** The outcome of one check of sql/checks/ on one build. */
public record CheckResult(String check, String severity, long threshold, long failingRows, String description,
        List<String> sample) {

    public boolean failed() {
        return failingRows > threshold;
    }

    public boolean blocking() {
        return "blocking".equalsIgnoreCase(severity);
    }

    public String status() {
        return failed() ? (blocking() ? "FAILED" : "WARNING") : "PASSED";
    }
}
