package fr.pairobs.demo;

import java.util.Random;

/** Names of the demo population, for other generators (the benchmark export). */
public final class DemoNames {
    private DemoNames() {
    }

    public static String lastName(Random random) {
        return DemoPopulation.pick(random, DemoPopulation.LAST_NAMES);
    }

    public static String firstName(Random random, String sex) {
        return DemoPopulation.pick(random, "F".equals(sex) ? DemoPopulation.FIRST_NAMES_F : DemoPopulation.FIRST_NAMES_M);
    }
}
