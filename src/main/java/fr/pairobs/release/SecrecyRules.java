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
 * @param protectionLevel smallest width of a masked people count's feasible interval
 * @param solverSeconds time limit of the solver for one group of linked cells
 */
public record SecrecyRules(int threshold, int protectionLevel, int solverSeconds, List<Complement> complements, List<Link> links,
        List<String> protectedValues) {
    public SecrecyRules {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, not " + threshold);
        }
        protectionLevel = Math.max(1, protectionLevel);
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
