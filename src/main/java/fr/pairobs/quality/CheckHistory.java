package fr.pairobs.quality;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import static java.util.Objects.requireNonNull;

/**
 * Check results of every build, kept in {@code <home>/warehouse/checks/history.csv}, so that a build
 * can be compared with the previous one: a failure is new, persisting, or fixed.
 */
public final class CheckHistory {
    private static final String[] HEADER = {"build_id", "check", "family", "severity", "failing_rows", "status"};
    private final Path file;

    public CheckHistory(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    public Path file() {
        return file;
    }

    /** Adds the trend against the latest other build, then appends this build's results. */
    public List<CheckResult> compareAndRecord(String buildId, List<CheckResult> results) {
        Map<String, String> previous = previousStatuses(buildId);
        List<CheckResult> withTrend = new ArrayList<>();
        for (CheckResult r : results) {
            String before = previous.get(r.check());
            boolean failedBefore = before != null && !before.equals("PASSED");
            String trend = r.failed() ? (failedBefore ? "persisting" : "new") : (failedBefore ? "fixed" : "");
            withTrend.add(r.withTrend(trend));
        }
        append(buildId, withTrend);
        return withTrend;
    }

    private Map<String, String> previousStatuses(String buildId) {
        Map<String, String> latest = new HashMap<>();
        if (!Files.exists(file)) {
            return latest;
        }
        Set<String> builds = new LinkedHashSet<>();
        List<CSVRecord> records;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read check history " + file, e);
        }
        records.forEach(r -> builds.add(r.get("build_id")));
        builds.remove(buildId);
        String last = builds.stream().reduce((a, b) -> b).orElse(null);
        for (CSVRecord r : records) {
            if (r.get("build_id").equals(last)) {
                latest.put(r.get("check"), r.get("status"));
            }
        }
        return latest;
    }

    private void append(String buildId, List<CheckResult> results) {
        try {
            Files.createDirectories(file.getParent());
            boolean fresh = !Files.exists(file);
            StringWriter text = new StringWriter();
            try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
                if (fresh) {
                    printer.printRecord((Object[]) HEADER);
                }
                for (CheckResult r : results) {
                    printer.printRecord(buildId, r.check(), r.family(), r.severity(), r.failingRows(), r.status());
                }
            }
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write check history " + file, e);
        }
    }
}
