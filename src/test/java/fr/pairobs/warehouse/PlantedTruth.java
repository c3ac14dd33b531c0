package fr.pairobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

/** How a test of one demo seed checks a difference-in-differences against the generator's truth. */
public final class PlantedTruth {
    /** Two-sided 99.9 % normal quantile. */
    private static final double Z_999 = 3.29;

    private PlantedTruth() {
    }

    /**
     * One seed cannot test a 95 % interval (it misses the truth one time in twenty: the simulation study of
     * {@code pairobs bench --evaluation} measures its coverage over many): the estimate must be within 3.29 standard
     * errors of the truth (99.9 %), the standard error read back from the published 95 % interval.
     *
     * @param interval the published low, high and estimate
     */
    public static void assertConsistent(double truth, double[] interval, String what) {
        double se = (interval[1] - interval[0]) / (2 * 1.96);
        assertThat(se).as("%s: standard error", what).isPositive();
        assertThat(Math.abs(interval[2] - truth)).as("%s: estimate %s [%s, %s] against the truth %s", what, interval[2], interval[0],
                interval[1], truth).isLessThanOrEqualTo(Z_999 * se);
    }
}
