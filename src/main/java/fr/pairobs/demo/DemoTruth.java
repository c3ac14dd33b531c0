package fr.pairobs.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

import static fr.pairobs.demo.DemoPopulation.DATA_END;

/**
 * The effects the demo plants, written to {@code <home>/demo/truth.json} so that a test can check
 * that the indicators recover them without copying constants. Each hospital effect is the effect on
 * the treated in this sample (the quantity a difference-in-differences against a comparison cohort
 * estimates): the average, over the people with peer support known to a hospital and followed 12
 * months, of their outcome in the 12 months after the first contact as generated minus the outcome
 * expected of the same person without peer support. Expectations are Monte Carlo means of the
 * generator's own pathway ({@link DemoExports#pathway}), drawn from a random stream of their own.
 */
final class DemoTruth {
    /** Pathways drawn per person and arm: the Monte Carlo error of a yearly effect is well under a day. */
    static final int DRAWS = 40;

    private DemoTruth() {
    }

    static void write(Path file, long seed, List<DemoPerson> people, List<DemoExports.Stay> generated) throws IOException {
        Map<DemoPerson, List<DemoExports.Stay>> staysOf = new java.util.HashMap<>();
        for (DemoExports.Stay stay : generated) {
            staysOf.computeIfAbsent(stay.person(), k -> new ArrayList<>()).add(stay);
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        Map<Integer, double[]> byYear = new TreeMap<>(); // year -> people, days, involuntary, readmission (sums of differences)
        for (DemoPerson p : people) {
            if (p.hospital() == null || p.firstContact() == null || p.firstContact().plusMonths(12).isAfter(DATA_END)) {
                continue;
            }
            double[] treated = outcomes(staysOf.getOrDefault(p, List.of()), p.firstContact());
            double[] untreated = expected(random, p, false);
            double[] sums = byYear.computeIfAbsent(p.firstContact().getYear(), y -> new double[4]);
            sums[0]++;
            for (int i = 0; i < 3; i++) {
                sums[i + 1] += treated[i] - untreated[i];
            }
        }
        List<Map<String, Object>> effects = new ArrayList<>();
        String[][] measures = {{"hospitalisation", "full-time days present in the 12 months after the first contact"},
                {"involuntary_care", "share of people with an involuntary sequence in the 12 months after"},
                {"readmission", "share of people readmitted within 30 days of a discharge in the 12 months after"}};
        for (Map.Entry<Integer, double[]> year : byYear.entrySet()) {
            double[] sums = year.getValue();
            for (int i = 0; i < measures.length; i++) {
                Map<String, Object> effect = new LinkedHashMap<>();
                effect.put("indicator", measures[i][0]);
                effect.put("year", year.getKey());
                effect.put("level", "region");
                effect.put("measure", "did_estimate");
                effect.put("value", sums[i + 1] / sums[0]);
                effect.put("people", (long) sums[0]);
                effect.put("outcome", measures[i][1]);
                effects.add(effect);
            }
        }
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("seed", seed);
        truth.put("method", "effect on the treated in this sample: mean over people with peer support known to a hospital and "
                + "followed 12 months of (outcome after as generated) - E[outcome after | no peer support], the expectation over "
                + DRAWS + " simulated pathways per person; the comparison cohort (no peer contact) follows the untreated pathway, "
                + "so the contrast with it is this effect");
        truth.put("planted", Map.of(
                "stay_length", "responders (60 % of people with peer support): full-time stays half as long from the first contact",
                "involuntary_per_stay", Map.of("before_or_without_peer_support", 0.40, "responders_after", 0.20, "others_after", 0.36),
                "comparison_cohort", "patients of the same hospitals without peer contact: no change (0.40 involuntary, same stays)"));
        truth.put("effects", effects);
        Files.createDirectories(file.getParent());
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(truth));
    }

    /** Expected days, involuntary care and 30-day readmission in the 12 months from the first contact. */
    private static double[] expected(Random random, DemoPerson p, boolean peerSupport) {
        double[] sums = new double[3];
        for (int d = 0; d < DRAWS; d++) {
            List<DemoExports.Stay> stays = new ArrayList<>();
            DemoExports.pathway(random, p, peerSupport, 1, stays);
            double[] drawn = outcomes(stays, p.firstContact());
            for (int i = 0; i < 3; i++) {
                sums[i] += drawn[i];
            }
        }
        return new double[] {sums[0] / DRAWS, sums[1] / DRAWS, sums[2] / DRAWS};
    }

    /** Full-time days (overlap), involuntary care (0 or 1) and a 30-day readmission (0 or 1) in the 12 months from a date. */
    private static double[] outcomes(List<DemoExports.Stay> stays, LocalDate from) {
        LocalDate to = from.plusMonths(12);
        List<DemoExports.Stay> fullTime = stays.stream().filter(s -> s.activityForm().equals("01"))
                .sorted(java.util.Comparator.comparing(DemoExports.Stay::start)).toList();
        double days = 0;
        boolean involuntary = false;
        boolean readmitted = false;
        for (int i = 0; i < fullTime.size(); i++) {
            DemoExports.Stay s = fullTime.get(i);
            LocalDate start = s.start().isAfter(from) ? s.start() : from;
            LocalDate end = s.end().isBefore(to) ? s.end() : to;
            long overlap = Math.max(0, ChronoUnit.DAYS.between(start, end));
            days += overlap;
            involuntary |= overlap > 0 && !s.legalMode().equals("1");
            boolean dischargedInWindow = !s.end().isBefore(from) && s.end().isBefore(to);
            if (dischargedInWindow && i + 1 < fullTime.size() && !fullTime.get(i + 1).start().isAfter(s.end().plusDays(30))) {
                readmitted = true;
            }
        }
        return new double[] {days, involuntary ? 1 : 0, readmitted ? 1 : 0};
    }
}
