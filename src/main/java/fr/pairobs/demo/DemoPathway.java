package fr.pairobs.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

import static fr.pairobs.demo.DemoPopulation.ALPES_ISERE;
import static fr.pairobs.demo.DemoPopulation.DATA_END;
import static fr.pairobs.demo.DemoPopulation.FIRST_CONTACT_FROM;
import static fr.pairobs.demo.DemoPopulation.FIRST_CONTACT_TO;
import static fr.pairobs.demo.DemoPopulation.VINATIER;
import static fr.pairobs.demo.DemoPopulation.pick;
import static java.util.Objects.requireNonNull;

/**
 * One hospital patient's RIM-P pathway from mid-2022 to the data end, and the day their peer support starts when the
 * scenario ties it to a stay. A full-time stay starts with probability severity / 12 a month; 5 % are followed the
 * next day by a full-time stay in the other hospital (a transfer, the same episode), 30 % of the others by a
 * part-time sequence. With the scenario's effect, stays admitted after the first contact are half as long for
 * responders and involuntary for 20 % of them (others 36 %); before it, or without it, 40 %.
 *
 * <p>Draws come from the person's own streams ({@link DemoPopulation#stream}). The history (everything before the
 * first contact, with the stay in progress then) comes from one stream and never depends on the effect; what
 * follows from a continuation: in the exports the same stream goes on, {@link DemoTruth} forks it with streams of
 * its own, the same in both arms.
 */
final class DemoPathway {
    private static final LocalDate START = LocalDate.of(2022, 7, 1);
    private static final String[] INVOLUNTARY_MODES = {"3", "7", "7", "8"};
    private static final long TIMING = 1;
    private static final long HISTORY = 2;

    /** One sequence of a stay, with the person it belongs to and the hospital that records it. */
    record Stay(DemoPerson person, String finess, String stayNo, int sequenceNo, LocalDate stayStart, LocalDate start, LocalDate end,
            String activityForm, String legalMode, int daysPresent, int halfDays, int isolationDays) {
        boolean fullTime() {
            return activityForm.equals("01");
        }

        Stay of(DemoPerson other) {
            return new Stay(other, finess, stayNo, sequenceNo, stayStart, start, end, activityForm, legalMode, daysPresent, halfDays,
                    isolationDays);
        }
    }

    /** A pathway: the first contact the exports show (null: no peer support) and the sequences in time order. */
    record Run(LocalDate firstContact, List<Stay> stays) {
    }

    /** A full-time stay as it ended: the home hospital's discharge, the episode's (after a transfer), the last sequence's. */
    private record Episode(LocalDate homeEnd, LocalDate discharged, LocalDate lastEnd) {
    }

    private final long seed;
    private final DemoPerson person;
    private final DemoScenario scenario;

    DemoPathway(long seed, DemoPerson person, DemoScenario scenario) {
        this.seed = seed;
        this.person = requireNonNull(person, "person is null");
        this.scenario = requireNonNull(scenario, "scenario is null");
    }

    /**
     * The pathway, with the effect from the first contact on when {@code treated}. {@code continuation} draws what
     * follows the first contact (null: the history's stream goes on); {@code stayNumbers} numbers the stays.
     */
    Run run(boolean treated, Random continuation, IntSupplier stayNumbers) {
        Random history = DemoPopulation.stream(seed, person.id(), HISTORY);
        Random draws = DemoPopulation.stream(seed, person.id(), TIMING);
        int third = draws.nextInt(3);
        DemoScenario.Timing timing = scenario.timing() != DemoScenario.Timing.MIXED ? scenario.timing()
                : List.of(DemoScenario.Timing.DURING_STAY, DemoScenario.Timing.AFTER_DISCHARGE, DemoScenario.Timing.NONE).get(third);
        // a member from before the GEM's exports, or a contact on a day of its own: known before the pathway runs
        LocalDate t0 = person.memberSince() != null ? person.memberSince()
                : person.peerSupported() && timing == DemoScenario.Timing.NONE ? person.firstContact() : null;
        boolean waiting = t0 == null && person.peerSupported();
        Random random = history;
        List<Stay> stays = new ArrayList<>();
        LocalDate day = START.plusDays(history.nextInt(60));
        while (day.isBefore(DATA_END.minusDays(40))) {
            boolean after = t0 != null && !day.isBefore(t0);
            if (after && continuation != null) {
                random = continuation;
            }
            if (random.nextDouble() < person.severity() / 12.0) {
                Episode episode = admit(random, day, treated && after, stayNumbers, stays);
                if (waiting && !day.isBefore(FIRST_CONTACT_FROM) && !day.isAfter(FIRST_CONTACT_TO)) {
                    // the first stay admitted in the contact window sets the contact; none before the data end: no peer support
                    waiting = false;
                    t0 = timing == DemoScenario.Timing.DURING_STAY
                            ? day.plusDays(draws.nextInt((int) ChronoUnit.DAYS.between(day, episode.homeEnd())))
                            : episode.discharged().plusDays(1 + draws.nextInt(14));
                    if (t0.isAfter(DATA_END)) {
                        t0 = null;
                    }
                }
                day = episode.lastEnd().plusDays(20 + random.nextInt(40));
            } else {
                day = day.plusMonths(1);
            }
        }
        return new Run(person.memberSince() != null ? person.firstContact() : t0, stays);
    }

    private Episode admit(Random random, LocalDate day, boolean effect, IntSupplier stayNumbers, List<Stay> stays) {
        boolean helped = effect && person.responder();
        double involuntaryShare = !effect ? 0.40 : helped ? 0.20 : 0.36;
        // as many draws whatever the arm: the forks of both arms keep the same draws while their days agree
        int length = Math.min(120, 4 + (int) Math.round(exponential(random, 16) * (helped ? 0.5 : 1.0)));
        boolean involuntary = random.nextDouble() < involuntaryShare;
        String mode = pick(random, INVOLUNTARY_MODES);
        boolean isolated = random.nextDouble() < 0.25;
        int isolationDays = 1 + random.nextInt(4);
        boolean transferred = random.nextDouble() < 0.05;
        int transferLength = 2 + (int) Math.round(exponential(random, 10) * (helped ? 0.5 : 1.0));
        boolean partTime = random.nextDouble() < 0.3;
        int partTimeDays = 14 + random.nextInt(28);

        String legal = involuntary ? mode : "1";
        String stayNo = String.format("S%07d", stayNumbers.getAsInt());
        // a stay still running at the data end is cut there, as an export would show it
        LocalDate end = earlier(day.plusDays(length), DATA_END);
        stays.add(new Stay(person, person.hospital(), stayNo, 1, day, day, end, "01", legal, days(day, end), 0,
                involuntary && isolated ? isolationDays : 0));
        if (!end.plusDays(1).isBefore(DATA_END)) {
            return new Episode(end, end, end);
        }
        LocalDate next = end.plusDays(1);
        if (transferred) {
            // a next-day transfer: a new stay in the other hospital, the same episode (not a readmission)
            LocalDate transferEnd = earlier(next.plusDays(transferLength), DATA_END);
            String other = person.hospital().equals(VINATIER) ? ALPES_ISERE : VINATIER;
            stays.add(new Stay(person, other, String.format("S%07d", stayNumbers.getAsInt()), 1, next, next, transferEnd, "01", legal,
                    days(next, transferEnd), 0, 0));
            return new Episode(end, transferEnd, transferEnd);
        }
        if (partTime) {
            LocalDate partEnd = earlier(next.plusDays(partTimeDays), DATA_END);
            long weeks = Math.max(1, ChronoUnit.DAYS.between(next, partEnd) / 7);
            stays.add(new Stay(person, person.hospital(), stayNo, 2, day, next, partEnd, "20", "1", (int) weeks * 2, (int) weeks, 0));
            return new Episode(end, end, partEnd);
        }
        return new Episode(end, end, end);
    }

    private static double exponential(Random random, double mean) {
        return -Math.log(1 - random.nextDouble()) * mean;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static int days(LocalDate from, LocalDate to) {
        return (int) ChronoUnit.DAYS.between(from, to);
    }
}
