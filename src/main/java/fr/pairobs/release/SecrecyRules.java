package fr.pairobs.release;

import java.nio.file.Path;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static java.util.Objects.requireNonNull;

/**
 * The secrecy rules of the open release, declared in {@code sql/release/secrecy.yml}: the threshold of
 * primary suppression, the protection level the audit demands, the complement pairs within a cell and
 * the links between indicators. Code knows no indicator by name.
 *
 * @param threshold a people count from 1 to threshold masks its cell
 * @param protectionMargin how far a masked people count's feasible interval must reach on each side of the value
 *        (below, as far as the count's lower bound allows)
 * @param protectionWidthShare smallest width of that interval as a share of the value
 * @param departementCost how much more masking a département cell costs than a structure cell of the same size
 * @param solverSeconds time limit of the solver for one group of linked cells
 */
public record SecrecyRules(int threshold, int protectionMargin, double protectionWidthShare, double departementCost, int solverSeconds,
        List<Complement> complements, List<Link> links, List<String> protectedValues) {
    public SecrecyRules {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, not " + threshold);
        }
        protectionMargin = Math.max(1, protectionMargin);
        protectionWidthShare = Math.max(0, protectionWidthShare);
        departementCost = departementCost <= 0 ? 1 : departementCost;
        solverSeconds = solverSeconds <= 0 ? 10 : solverSeconds;
        complements = complements == null ? List.of() : List.copyOf(complements);
        links = links == null ? List.of() : List.copyOf(links);
        protectedValues = protectedValues == null ? List.of() : List.copyOf(protectedValues);
    }

    /** whole − part counts people of the same cell. */
    public record Complement(String indicator, String whole, String part) {
        public Complement {
            requireNonNull(indicator, "indicator is null");
            requireNonNull(whole, "whole is null");
            requireNonNull(part, "part is null");
        }
    }

    /**
     * A value of one indicator tied to a value of another at the same level, structure, département and year.
     *
     * @param from indicator.measure
     * @param to indicator.measure
     * @param kind {@code equal} or {@code derived} (to computed from from)
     */
    public record Link(String from, String to, String kind, boolean sameBreakdown) {
        public Link {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            if (!"equal".equals(kind) && !"derived".equals(kind)) {
                throw new IllegalArgumentException("link " + from + " -> " + to + ": kind must be equal or derived, not " + kind);
            }
            if (!from.contains(".") || !to.contains(".")) {
                throw new IllegalArgumentException("link " + from + " -> " + to + ": write indicator.measure");
            }
        }

        String fromIndicator() {
            return from.substring(0, from.indexOf('.'));
        }

        String fromMeasure() {
            return from.substring(from.indexOf('.') + 1);
        }

        String toIndicator() {
            return to.substring(0, to.indexOf('.'));
        }

        String toMeasure() {
            return to.substring(to.indexOf('.') + 1);
        }

        boolean equal() {
            return "equal".equals(kind);
        }
    }

    /**
     * Whether a masked count of true value {@code value} and lower bound {@code lowerBound} is protected by the feasible
     * interval [min, max]: the rule of the audit (see sql/release/README.md). {@code cap} is the most the published
     * regional total alone allows the value to be (the total less the least the other cells of its level hold), since
     * totals stay published: the interval is asked to reach as far as the rule wants or up to that cap. Null when it is
     * protected, else the part of the rule that fails.
     */
    public String protectionFailure(double value, double lowerBound, double min, double max, double cap) {
        double eps = 1e-6;
        if (value < 1 - eps) {
            // a count of no one is not secret (zeros are published too): a zero total tells that every part is zero
            return null;
        }
        if (max - min < eps * Math.max(1, Math.abs(max))) {
            return "pinned";
        }
        if (min >= 1 - eps && max <= threshold + eps && cap > threshold + eps) {
            return "inside_1_" + threshold;
        }
        if (value >= 1 && value <= threshold && max < Math.min(threshold + 1, cap) - eps) {
            return "below_" + (threshold + 1);
        }
        if (max < Math.min(value + protectionMargin, cap) - eps) {
            return "upper_margin_below_" + protectionMargin;
        }
        // below: the margin, or half the value for a count under twice the margin (a region of two départements that
        // exist holds at least 2 people, whatever is masked); an existing count is at least 1, the interval may stop there
        if (min > Math.max(Math.max(1, lowerBound), value - Math.min(protectionMargin, Math.floor(value / 2))) + eps) {
            return "lower_margin_below_" + protectionMargin;
        }
        if (max - min < Math.min(protectionWidthShare * value, cap - Math.max(1, lowerBound)) - eps) {
            return "narrower_than_" + Math.round(protectionWidthShare * 100) + "_percent";
        }
        return null;
    }

    public String protectionFailure(double value, double lowerBound, double min, double max) {
        return protectionFailure(value, lowerBound, min, max, Double.POSITIVE_INFINITY);
    }

    /** Whether a count that moved from {@code before} to {@code now} between two releases stays within the rule's margin. */
    public boolean barelyChanged(double before, double now) {
        return Math.abs(now - before) < Math.max(protectionMargin, protectionWidthShare / 2 * Math.max(before, now));
    }

    public boolean isProtectedValue(String indicator, String measure) {
        return protectedValues.contains(indicator + "." + measure);
    }

    public static SecrecyRules load(Path file) {
        YAMLMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return yaml.readValue(file.toFile(), SecrecyRules.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ReleaseException("secrecy rules " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
