package fr.pairobs.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

import static fr.pairobs.demo.DemoPopulation.DATA_END;
import static fr.pairobs.demo.DemoPopulation.FIRST_CONTACT_FROM;

/**
 * The hospital effects the demo plants, written to {@code <home>/demo/truth.json} so that a test can check that
 * the indicators recover them without copying constants. Each is the effect on the treated in this sample: over
 * the people with peer support known to a hospital whose time zero plus 12 months is within the data, the mean
 * of E[Y(1) | history] − E[Y(0) | history], Y an outcome in the 12 months from time zero and the history the pathway
 * before the first contact t0 (with a stay in progress then). Time zero is t0, or the discharge of the full-time
 * episode t0 falls in ({@link #timeZero}): the estimand of the indicators' target trial. Cells are by the year of t0. Each expectation is the mean of {@link #FORKS} forked
 * continuations of the person's pathway ({@link DemoPathway}) from t0, fork k on the same random stream in both arms
 * and on none the exports use. Members who joined a GEM before its exports are left out: their peer support
 * started before any year evaluated. Without an effect both arms are one pathway and every value is exactly 0.
 */
final class DemoTruth {
    /** Continuations per person and arm: the Monte Carlo error of a yearly effect is well under a day. */
    static final int FORKS = 20;
    private static final long FORK = 1000;
    private static final String[][] OUTCOMES = {
            {"hospitalisation", "full-time days present in [t0, t0 + 12 months): the overlap of each full-time sequence with it"},
            {"involuntary_care", "share of people with an involuntary sequence overlapping [t0, t0 + 12 months)"},
            {"readmission", "share of people with a full-time episode discharged in [t0, t0 + 12 months) followed by an admission "
                    + "within 30 days (sequences starting on or before the day after the previous end are one episode)"}};

    /** One indicator's effect for the people of one first-contact year, and the Monte Carlo standard error of it. */
    record Effect(String indicator, int year, double value, double monteCarloSe, long people) {
    }

    private DemoTruth() {
    }

    /** The effects of the scenario on the people of a cohort, from {@code forks} continuations per person and arm. */
    static List<Effect> compute(long seed, DemoScenario scenario, List<DemoPerson> people, int forks) {
        Map<Integer, double[][]> byYear = new TreeMap<>(); // year -> per outcome: sum of differences, sum of their variances / K
        Map<Integer, Long> counts = new TreeMap<>();
        for (DemoPerson p : people) {
            LocalDate t0 = p.firstContact();
            if (p.hospital() == null || t0 == null || p.memberSince() != null || t0.isBefore(FIRST_CONTACT_FROM)
                    || t0.plusMonths(12).isAfter(DATA_END)) {
                continue;
            }
            DemoPathway pathway = new DemoPathway(seed, p, scenario);
            double[][] differences = new double[OUTCOMES.length][forks];
            for (int k = 0; k < forks; k++) {
                DemoPathway.Run treated = pathway.run(scenario.effect(), DemoPopulation.stream(seed, p.id(), FORK + k), () -> 0);
                if (!t0.equals(treated.firstContact())) {
                    throw new IllegalStateException("person " + p.id() + ": a fork's history gives the first contact "
                            + treated.firstContact() + ", the exports " + t0);
                }
                DemoPathway.Run untreated = scenario.effect()
                        ? pathway.run(false, DemoPopulation.stream(seed, p.id(), FORK + k), () -> 0) : treated;
                // the stay in progress at t0 was admitted before it: the same in both arms, and so is its discharge
                LocalDate from = timeZero(treated.stays(), t0);
                if (from == null || from.plusMonths(12).isAfter(DATA_END)) {
                    differences = null;
                    break;
                }
                double[] y1 = outcomes(treated.stays(), from);
                double[] y0 = outcomes(untreated.stays(), from);
                for (int i = 0; i < OUTCOMES.length; i++) {
                    differences[i][k] = y1[i] - y0[i];
                }
            }
            if (differences == null) {
                continue;
            }
            double[][] sums = byYear.computeIfAbsent(t0.getYear(), y -> new double[OUTCOMES.length][2]);
            counts.merge(t0.getYear(), 1L, Long::sum);
            for (int i = 0; i < OUTCOMES.length; i++) {
                double mean = 0;
                for (double d : differences[i]) {
                    mean += d / forks;
                }
                double squares = 0;
                for (double d : differences[i]) {
                    squares += (d - mean) * (d - mean);
                }
                sums[i][0] += mean;
                sums[i][1] += forks > 1 ? squares / (forks - 1) / forks : 0;
            }
        }
        List<Effect> effects = new ArrayList<>();
        for (Map.Entry<Integer, double[][]> year : byYear.entrySet()) {
            long n = counts.get(year.getKey());
            for (int i = 0; i < OUTCOMES.length; i++) {
                double[] sums = year.getValue()[i];
                effects.add(new Effect(OUTCOMES[i][0], year.getKey(), sums[0] / n, Math.sqrt(sums[1]) / n, n));
            }
        }
        return effects;
    }

    static void write(Path file, long seed, DemoScenario scenario, int forks, List<Effect> effects) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Effect e : effects) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("indicator", e.indicator());
            row.put("year", e.year());
            row.put("level", "region");
            row.put("measure", "did_estimate");
            row.put("value", e.value());
            row.put("people", e.people());
            row.put("outcome", outcome(e.indicator()));
            row.put("monte_carlo_se", e.monteCarloSe());
            rows.add(row);
        }
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("seed", seed);
        truth.put("scenario", scenario.name());
        truth.put("timing", scenario.timing().label());
        truth.put("effect", scenario.effect());
        truth.put("method", "effect on the treated in this sample: over people with peer support known to a hospital whose time "
                + "zero + 12 months <= " + DATA_END + " (time zero: the first contact t0, or the discharge of the full-time episode "
                + "it falls in; outcomes over the 12 months from time zero; cells by the year of t0; members who joined a GEM before its exports left out), the mean of "
                + "E[Y(1) | history before t0] - E[Y(0) | history before t0], each expectation the mean of " + forks
                + " forked continuations of the person's pathway from t0 (fork k on the same random numbers in both arms; the "
                + "pathway before t0, a stay in progress at t0 included, shared); monte_carlo_se is the standard error of that "
                + "mean over the forks. The comparison cohort (no peer contact) follows the pathway without peer support");
        truth.put("planted", planted(scenario));
        truth.put("effects", rows);
        Files.createDirectories(file.getParent());
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(truth));
    }

    private static Map<String, Object> planted(DemoScenario scenario) {
        Map<String, Object> involuntary = new LinkedHashMap<>();
        involuntary.put("before_or_without_peer_support", 0.40);
        involuntary.put("responders_after", scenario.effect() ? 0.20 : 0.40);
        involuntary.put("others_after", scenario.effect() ? 0.36 : 0.40);
        Map<String, Object> planted = new LinkedHashMap<>();
        planted.put("stay_length", scenario.effect()
                ? "responders (60 % of people with peer support): full-time stays admitted after the first contact half as long"
                : "no effect: the same pathway with or without peer support");
        planted.put("involuntary_per_stay", involuntary);
        planted.put("comparison_cohort", "patients of the same hospitals without peer contact: no change (0.40 involuntary, same stays)");
        planted.put("first_contact_timing", switch (scenario.timing()) {
            case DURING_STAY -> "during-stay: a uniform day of the first full-time stay admitted from " + FIRST_CONTACT_FROM
                    + " (admission to the day before discharge); patients without one get no peer support";
            case AFTER_DISCHARGE -> "after-discharge: 1-14 days after the discharge of the first full-time episode admitted from "
                    + FIRST_CONTACT_FROM + "; patients without one get no peer support";
            case NONE -> "none: a uniform day from " + FIRST_CONTACT_FROM + " to " + DemoPopulation.FIRST_CONTACT_TO;
            case MIXED -> "mixed: one third of the patients each during-stay, after-discharge and none";
        } + "; people not followed by a hospital: a uniform day");
        planted.put("members_before_feed", "15 % of the people a GEM meets first joined before its first export period: peer support "
                + "(and any effect) from the day they joined, first contact in the exports within 40 days of " + FIRST_CONTACT_FROM);
        planted.put("transfers", "5 % of full-time stays followed the next day by a full-time stay in the other hospital (one episode)");
        return planted;
    }

    private static String outcome(String indicator) {
        for (String[] o : OUTCOMES) {
            if (o[0].equals(indicator)) {
                return o[1];
            }
        }
        throw new IllegalArgumentException(indicator);
    }

    /**
     * Time zero of a first contact, as a target trial starts it: the first contact, or when it falls during a full-time
     * episode (admitted on or before it, discharged after it; next-day transfers chained) that episode's discharge, the
     * day peer support can start to act on what follows; null while that episode is still open at the data end.
     */
    static LocalDate timeZero(List<DemoPathway.Stay> stays, LocalDate t0) {
        for (LocalDate[] e : episodes(stays)) {
            if (!e[0].isAfter(t0) && e[1].isAfter(t0)) {
                return e[1].isAfter(DATA_END) ? null : e[1];
            }
        }
        return t0;
    }

    /** Full-time sequences chained while each starts on or before the day after the previous ones end. */
    private static List<LocalDate[]> episodes(List<DemoPathway.Stay> stays) {
        List<DemoPathway.Stay> fullTime = stays.stream().filter(DemoPathway.Stay::fullTime)
                .sorted(Comparator.comparing(DemoPathway.Stay::start).thenComparing(DemoPathway.Stay::end)).toList();
        List<LocalDate[]> episodes = new ArrayList<>();
        for (DemoPathway.Stay s : fullTime) {
            LocalDate[] last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            if (last != null && !s.start().isAfter(last[1].plusDays(1))) {
                last[1] = s.end().isAfter(last[1]) ? s.end() : last[1];
            } else {
                episodes.add(new LocalDate[] {s.start(), s.end()});
            }
        }
        return episodes;
    }

    /** Full-time days (overlap), involuntary care (0 or 1) and a 30-day readmission (0 or 1) in the 12 months from a date. */
    static double[] outcomes(List<DemoPathway.Stay> stays, LocalDate from) {
        LocalDate to = from.plusMonths(12);
        double days = 0;
        boolean involuntary = false;
        for (DemoPathway.Stay s : stays) {
            long overlap = Math.max(0, ChronoUnit.DAYS.between(s.start().isAfter(from) ? s.start() : from, s.end().isBefore(to) ? s.end() : to));
            if (s.fullTime()) {
                days += overlap;
            }
            involuntary |= overlap > 0 && !s.legalMode().equals("1");
        }
        List<LocalDate[]> episodes = episodes(stays);
        boolean readmitted = false;
        for (int i = 0; i + 1 < episodes.size(); i++) {
            LocalDate discharged = episodes.get(i)[1];
            readmitted |= !discharged.isBefore(from) && discharged.isBefore(to) && !episodes.get(i + 1)[0].isAfter(discharged.plusDays(30));
        }
        return new double[] {days, involuntary ? 1 : 0, readmitted ? 1 : 0};
    }
}
