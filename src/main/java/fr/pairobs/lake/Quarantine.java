package fr.pairobs.lake;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import static java.util.Objects.requireNonNull;

/**
 * What the nightly run set aside instead of failing the whole night: a landed file that failed its
 * ingest (reject limit, unreadable, wrong header) or a partner source that could not be pulled.
 * A quarantined file is not ingested again until an operator releases it (re-queued for the next run)
 * or discards it; a quarantined source is tried again every night and leaves the quarantine on the
 * first pull that succeeds. A file whose partner sends a later export for the same period leaves it too
 * (superseded): the gap is filled.
 * <p>
 * Kept under {@code lake/_quarantine/}: {@code ledger.csv}, every decision in order (the audit trail),
 * and {@code open.csv}, what is quarantined now, rewritten under a temporary name and renamed after each
 * decision so that a reader (the warehouse build) never sees half of it. Neither holds a person-level value:
 * partner, feed, dataset, period, file checksum and name, reason (messages name files, lines and columns).
 * Every change holds a file lock, so processes sharing the lake (workers) do not interleave.
 */
public final class Quarantine {
    public static final String DIR = "_quarantine";
    public static final String OPEN_FILE = "open.csv";
    static final String LEDGER_FILE = "ledger.csv";
    /** The sha256 of a source entry: a source quarantine is about a partner's server, not a file. */
    public static final String SOURCE = "source";

    private static final String[] LEDGER_HEADER = {"at", "action", "kind", "partner", "feed", "dataset", "sha256", "source_name",
            "period", "reason", "job_execution_id"};
    static final String[] OPEN_HEADER = {"kind", "partner", "feed", "dataset", "sha256", "source_name", "period", "reason", "since",
            "job_execution_id"};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Path dir;
    private final Clock clock;

    public Quarantine(Path lakeRoot, Clock clock) {
        this.dir = requireNonNull(lakeRoot, "lakeRoot is null").toAbsolutePath().normalize().resolve(DIR);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code lake/_quarantine/open.csv}: what is quarantined now; may not exist when nothing ever was. */
    public static Path openFile(Path lakeRoot) {
        return lakeRoot.toAbsolutePath().normalize().resolve(DIR).resolve(OPEN_FILE);
    }

    /** What is set aside. {@code kind} is {@code file} or {@code source}; a source entry's sha256 is empty. */
    public record Entry(String kind, String partner, String feed, String dataset, String sha256, String sourceName, String period,
            String reason, Instant since, long jobExecutionId) {
        public Entry {
            requireNonNull(kind, "kind is null");
            requireNonNull(partner, "partner is null");
            requireNonNull(feed, "feed is null");
            dataset = dataset == null ? "" : dataset;
            sha256 = sha256 == null ? "" : sha256;
            sourceName = sourceName == null ? "" : sourceName;
            period = period == null ? "" : period;
            reason = oneLine(requireNonNull(reason, "reason is null"));
            requireNonNull(since, "since is null");
        }

        public boolean isSource() {
            return kind.equals(SOURCE);
        }

        /** The file's or the source's short name for an operator: {@code partner feed sha-prefix (name)}. */
        public String label() {
            return isSource() ? partner + " " + feed + " source " + sourceName
                    : partner + " " + feed + " " + LakeLayout.batchId(sha256) + " (" + sourceName + ")";
        }

        String key() {
            return isSource() ? SOURCE + "|" + partner + "|" + feed : "file|" + partner + "|" + sha256;
        }
    }

    /** A decision about an entry: quarantined, released, discarded, superseded or reachable (a source pulled again). */
    public record Decision(String action, Entry entry) {
    }

    /**
     * Sets a landed file aside; returns the open entry (the earlier one, with its date, when the file was already quarantined).
     */
    public Entry quarantineFile(String partner, String feed, String dataset, String sha256, String sourceName, String period,
            String reason, long jobExecutionId) {
        requireNonNull(sha256, "sha256 is null");
        return quarantine(new Entry("file", partner, feed, dataset, sha256, sourceName, period, reason, clock.instant(), jobExecutionId));
    }

    /** Records that a feed's source could not be pulled; its files already landed are still ingested. */
    public Entry quarantineSource(String partner, String feed, String dataset, String where, String reason, long jobExecutionId) {
        return quarantine(new Entry(SOURCE, partner, feed, dataset, "", where, "", reason, clock.instant(), jobExecutionId));
    }

    /** A pull of the feed succeeded: its source leaves the quarantine. */
    public Optional<Entry> sourceReachable(String partner, String feed) {
        return change(open -> {
            Entry entry = open.remove(SOURCE + "|" + partner + "|" + feed);
            return entry == null ? null : new Decision("reachable", entry);
        });
    }

    /** Releases a quarantined file (checksum or unique prefix) so that the next run ingests it again. */
    public Entry release(String partner, String shaOrPrefix) {
        return close(partner, shaOrPrefix, "released");
    }

    /** Records that a quarantined file was discarded (set aside for good in the landing area by the caller). */
    public Entry discard(String partner, String shaOrPrefix) {
        return close(partner, shaOrPrefix, "discarded");
    }

    /** Files of this partner and feed quarantined for this period leave the quarantine: a later export replaced them. */
    public List<Entry> supersede(String partner, String feed, String period, String bySha256) {
        List<Entry> closed = new ArrayList<>();
        change(open -> {
            for (Entry entry : List.copyOf(open.values())) {
                if (!entry.isSource() && entry.partner().equals(partner) && entry.feed().equals(feed) && entry.period().equals(period)
                        && !entry.sha256().equals(bySha256)) {
                    open.remove(entry.key());
                    closed.add(entry);
                }
            }
            return closed.isEmpty() ? null : new Decision("superseded by " + bySha256, null);
        }, closed);
        return closed;
    }

    public boolean isQuarantined(String partner, String sha256) {
        return open().stream().anyMatch(e -> !e.isSource() && e.partner().equals(partner) && e.sha256().equals(sha256));
    }

    /** What is quarantined now, oldest first. */
    public List<Entry> open() {
        Path file = dir.resolve(OPEN_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord r : FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                entries.add(new Entry(r.get("kind"), r.get("partner"), r.get("feed"), r.get("dataset"), r.get("sha256"),
                        r.get("source_name"), r.get("period"), r.get("reason"), Instant.parse(r.get("since")),
                        Long.parseLong(r.get("job_execution_id"))));
            }
        } catch (IOException | RuntimeException e) {
            throw new LakeException("quarantine list " + file + " cannot be read: " + e.getMessage(), e);
        }
        return entries;
    }

    /** Every decision ever recorded, oldest first: {@code at, action, kind, partner, feed, ...}. */
    public List<CSVRecord> ledger() {
        Path file = dir.resolve(LEDGER_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        } catch (IOException e) {
            throw new LakeException("quarantine ledger " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private Entry quarantine(Entry entry) {
        Entry[] result = new Entry[1];
        change(open -> {
            Entry existing = open.get(entry.key());
            if (existing != null) {
                // the same failure on a later night keeps the date it began; the latest reason is the one to act on
                Entry updated = new Entry(existing.kind(), existing.partner(), existing.feed(), existing.dataset(), existing.sha256(),
                        existing.sourceName(), existing.period(), entry.reason(), existing.since(), entry.jobExecutionId());
                open.put(entry.key(), updated);
                result[0] = updated;
                return existing.reason().equals(entry.reason()) ? null : new Decision("quarantined", updated);
            }
            open.put(entry.key(), entry);
            result[0] = entry;
            return new Decision("quarantined", entry);
        });
        return result[0];
    }

    private Entry close(String partner, String shaOrPrefix, String action) {
        requireNonNull(shaOrPrefix, "shaOrPrefix is null");
        Entry[] result = new Entry[1];
        change(open -> {
            List<Entry> matches = open.values().stream()
                    .filter(e -> !e.isSource() && e.partner().equals(partner) && !shaOrPrefix.isEmpty() && e.sha256().startsWith(shaOrPrefix))
                    .toList();
            if (matches.isEmpty()) {
                throw new LakeException("no quarantined file of partner " + partner + " has a checksum starting with '" + shaOrPrefix
                        + "'; see 'pairobs quarantine list'");
            }
            if (matches.size() > 1) {
                throw new LakeException("checksum prefix '" + shaOrPrefix + "' matches " + matches.size() + " quarantined files of partner "
                        + partner + "; give more of it");
            }
            open.remove(matches.get(0).key());
            result[0] = matches.get(0);
            return new Decision(action, matches.get(0));
        });
        return result[0];
    }

    private interface Change {
        /** Edits the open entries in place; returns the decision to record, or null when nothing changed. */
        Decision apply(Map<String, Entry> open);
    }

    private Optional<Entry> change(Change change) {
        Decision decision = change(change, null);
        return decision == null ? Optional.empty() : Optional.ofNullable(decision.entry());
    }

    /** @param closed entries a bulk decision closed (its decision's entry is null), recorded one line each */
    private synchronized Decision change(Change change, List<Entry> closed) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                Map<String, Entry> open = new LinkedHashMap<>();
                for (Entry entry : open()) {
                    open.put(entry.key(), entry);
                }
                Decision decision = change.apply(open);
                if (decision == null) {
                    return null;
                }
                List<Entry> recorded = decision.entry() != null ? List.of(decision.entry()) : closed;
                appendToLedger(decision.action(), recorded);
                writeOpen(open.values());
                return decision;
            }
        } catch (IOException e) {
            throw new LakeException("cannot record a quarantine decision in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void appendToLedger(String action, List<Entry> entries) throws IOException {
        Path ledger = dir.resolve(LEDGER_FILE);
        StringWriter lines = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(lines, FORMAT)) {
            if (!Files.exists(ledger)) {
                printer.printRecord((Object[]) LEDGER_HEADER);
            }
            for (Entry e : entries) {
                printer.printRecord(clock.instant(), action, e.kind(), e.partner(), e.feed(), e.dataset(), e.sha256(), e.sourceName(),
                        e.period(), e.reason(), e.jobExecutionId());
            }
        }
        try (FileChannel channel = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
    }

    private void writeOpen(java.util.Collection<Entry> entries) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
            printer.printRecord((Object[]) OPEN_HEADER);
            for (Entry e : entries) {
                printer.printRecord(e.kind(), e.partner(), e.feed(), e.dataset(), e.sha256(), e.sourceName(), e.period(), e.reason(),
                        e.since(), e.jobExecutionId());
            }
        }
        Path temp = dir.resolve(OPEN_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, dir.resolve(OPEN_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String oneLine(String reason) {
        String line = reason.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return line.length() > 2000 ? line.substring(0, 2000) + " ..." : line;
    }
}
