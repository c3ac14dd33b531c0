package fr.pairobs.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One seed of an evaluation scenario: how long each stage took and what the warehouse estimated of each effect the
 * generator planted.
 */
record SeedRun(String scenario, long seed, int slot, double generateSeconds, double ingestSeconds, double buildSeconds,
        double readSeconds, List<String> quarantined, Path truthFile, List<Estimate> estimates) {
    SeedRun {
        quarantined = List.copyOf(quarantined);
        estimates = List.copyOf(estimates);
    }

    double seconds() {
        return generateSeconds + ingestSeconds + buildSeconds + readSeconds;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("seed", seed);
        json.put("slot", slot);
        json.put("seconds", EvaluationSummary.round(seconds(), 2));
        json.put("generate_seconds", EvaluationSummary.round(generateSeconds, 2));
        json.put("ingest_seconds", EvaluationSummary.round(ingestSeconds, 2));
        json.put("build_seconds", EvaluationSummary.round(buildSeconds, 2));
        json.put("read_seconds", EvaluationSummary.round(readSeconds, 2));
        json.put("quarantined", quarantined);
        json.put("truth_file", truthFile.toString());
        json.put("estimates", estimates.stream().map(Estimate::json).toList());
        return json;
    }

    /**
     * The region estimate of one planted effect; {@code estimate} and its interval are null when the warehouse withheld
     * it, and {@code withheldReason} says why.
     */
    record Estimate(String indicator, int year, double truth, long people, Double estimate, Double ciLow, Double ciHigh,
            String withheldReason) {
        /** The interval's half-width over this is the standard error the estimator gave (ind_*.sql: did ± 1.96 se). */
        static final double Z = 1.96;

        boolean estimated() {
            return estimate != null;
        }

        boolean covers() {
            return estimated() && ciLow <= truth && truth <= ciHigh;
        }

        /** A withheld estimate is not called significant: that is what a reader of the indicator sees. */
        boolean significant() {
            return estimated() && (ciLow > 0 || ciHigh < 0);
        }

        double standardError() {
            return (ciHigh - ciLow) / (2 * Z);
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("indicator", indicator);
            json.put("year", year);
            json.put("truth", truth);
            json.put("people", people);
            json.put("status", estimated() ? "estimated" : "withheld");
            json.put("withheld_reason", withheldReason);
            json.put("did_estimate", estimate);
            json.put("did_ci_low", ciLow);
            json.put("did_ci_high", ciHigh);
            return json;
        }
    }
}
