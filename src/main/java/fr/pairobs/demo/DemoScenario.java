package fr.pairobs.demo;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * What the demo generator plants and when the first peer contacts of hospital patients happen: an effect
 * (responders' stays half as long and less involuntary care from the first contact) or none, and a timing.
 * A null scenario gives everyone the same pathway with or without peer support: an estimate away from 0 is
 * the estimator's bias.
 *
 * @param name the name given to {@code pairobs demo --scenario}
 * @param effect whether peer support changes the pathway
 * @param timing when the first contact of a person followed by a hospital falls
 */
public record DemoScenario(String name, boolean effect, Timing timing) {
    /** The first contact of a hospital patient with peer support, relative to their stays. */
    public enum Timing {
        /** A uniform day of a full-time stay, from its admission to the day before its discharge. */
        DURING_STAY,
        /** 1 to 14 days after the discharge of a full-time episode, before any new admission. */
        AFTER_DISCHARGE,
        /** A uniform day, whatever the stays. */
        NONE,
        /** One third of the people each. */
        MIXED;

        /** The name in scenario names and in the truth file: {@code during-stay}, {@code after-discharge}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The default: the planted effect, first contacts of mixed timing. */
    public static final DemoScenario PLANTED = new DemoScenario("planted", true, Timing.MIXED);

    private static final List<DemoScenario> ALL = List.of(PLANTED, new DemoScenario("null", false, Timing.MIXED),
            new DemoScenario("null-during-stay", false, Timing.DURING_STAY),
            new DemoScenario("null-after-discharge", false, Timing.AFTER_DISCHARGE),
            new DemoScenario("effect-during-stay", true, Timing.DURING_STAY),
            new DemoScenario("effect-after-discharge", true, Timing.AFTER_DISCHARGE),
            new DemoScenario("null-none", false, Timing.NONE), new DemoScenario("effect-none", true, Timing.NONE));

    public DemoScenario {
        requireNonNull(name, "name is null");
        requireNonNull(timing, "timing is null");
    }

    /** Every scenario name, the default first. */
    public static List<String> names() {
        return ALL.stream().map(DemoScenario::name).toList();
    }

    public static DemoScenario parse(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown demo scenario '" + name + "'; scenarios are: " + String.join(", ", names())));
    }
}
