package fr.pairobs.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The lake batch of one landed file, its whole protocol in one place:
 * <ol>
 * <li>it is written under {@code lake/<dataset>/partner=<id>/_inprogress/batch=<prefix>} (staging), by one
 * writer per byte range of the file, each naming its parts {@code part<range suffix>-NNNNN.parquet}
 * ({@link #partPrefix});</li>
 * <li>the ranges it was cut into are recorded in its {@code _RANGES} file, so that a restart reads the same
 * ones whatever the range size is now;</li>
 * <li>each range writes its marker ({@code _INGESTED<suffix>}) when its step completes; the batch is ingested
 * when every range has one;</li>
 * <li>{@link #commit} renames the staging directory to {@code batch=<prefix>} in one atomic rename, so readers of
 * {@code batch=*} never see a partial batch;</li>
 * <li>{@link #discardStaging} drops an uncommitted batch (a quarantined file starts afresh when it is released);</li>
 * <li>its rejected rows go to {@code rejects/<dataset>/partner=<id>/batch=<prefix>/rejects<suffix>.csv}.</li>
 * </ol>
 * The {@code partner=/batch=} path is built here only ({@link LakeLayout} delegates to it).
 */
public final class LakeBatch {
    /** Lists the ranges a staging batch was cut into (written and read by the ingest's range cutter). */
    public static final String RANGES_FILE = "_RANGES";

    private final Path lakeRoot;
    private final Path rejectsRoot;
    private final String dataset;
    private final String partner;
    private final String sha256;

    public LakeBatch(Path lakeRoot, Path rejectsRoot, String dataset, String partner, String sha256) {
        this.lakeRoot = requireNonNull(lakeRoot, "lakeRoot is null").toAbsolutePath().normalize();
        this.rejectsRoot = requireNonNull(rejectsRoot, "rejectsRoot is null").toAbsolutePath().normalize();
        this.dataset = requireNonNull(dataset, "dataset is null");
        this.partner = requireNonNull(partner, "partner is null");
        this.sha256 = requireNonNull(sha256, "sha256 is null");
        if (sha256.length() < LakeLayout.BATCH_ID_LENGTH) {
            throw new IllegalArgumentException("a batch is named by its file's SHA-256, not '" + sha256 + "'");
        }
    }

    /** {@code partner=<id>/batch=<prefix>}, relative: the one place it is spelled. */
    static Path relative(String partner, String sha256) {
        return Path.of("partner=" + partner, "batch=" + LakeLayout.batchId(sha256));
    }

    static Path stagingRelative(String partner, String sha256) {
        return Path.of("partner=" + partner, LakeLayout.IN_PROGRESS, "batch=" + LakeLayout.batchId(sha256));
    }

    public String id() {
        return LakeLayout.batchId(sha256);
    }

    public String dataset() {
        return dataset;
    }

    public String partner() {
        return partner;
    }

    public String sha256() {
        return sha256;
    }

    public Path staging() {
        return lakeRoot.resolve(dataset).resolve(stagingRelative(partner, sha256));
    }

    public Path committed() {
        return lakeRoot.resolve(dataset).resolve(relative(partner, sha256));
    }

    public boolean isCommitted() {
        return Files.isDirectory(committed());
    }

    public Path rangesFile() {
        return staging().resolve(RANGES_FILE);
    }

    /** Names the part files of one range's writer; {@code rangeSuffix} is empty for a file read whole. */
    /**
     * The byte ranges the batch's file is read in, one partition each: those recorded in the staging batch when an
     * earlier run began it (a restart reads the same ranges, whatever the range size is now); a batch begun before
     * ranges were recorded, whole; else {@code cut}, recorded before any range is read.
     */
    public List<ByteRange> ranges(long fileSize, RangeCut cut) throws IOException {
        Path recorded = rangesFile();
        if (Files.exists(recorded)) {
            return readRanges(recorded);
        }
        List<ByteRange> ranges = Files.isDirectory(staging()) ? List.of(ByteRange.whole(fileSize)) : cut.cut();
        Files.createDirectories(staging());
        StringBuilder text = new StringBuilder();
        ranges.forEach(r -> text.append(r.line()).append('\n'));
        Path temp = recorded.resolveSibling(recorded.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, recorded, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return ranges;
    }

    /** How a file not begun yet is cut into ranges (the ingest knows its format). */
    @FunctionalInterface
    public interface RangeCut {
        List<ByteRange> cut() throws IOException;
    }

    /** Whether every range of the staging batch has written its marker, so that it may be committed. */
    public boolean isIngested() throws IOException {
        if (!Files.isDirectory(staging())) {
            return false;
        }
        Path recorded = rangesFile();
        return isIngested(Files.exists(recorded) ? readRanges(recorded).stream().map(ByteRange::suffix).toList() : null);
    }

    static List<ByteRange> readRanges(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<ByteRange> ranges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                ranges.add(ByteRange.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": line " + (i + 1) + ", column 1: " + e.getMessage() + "; expected "
                        + "'index count start end linesBefore'. The file is written by the ingest: delete the staging batch "
                        + "directory that holds it to cut the landed file again", e);
            }
        }
        return List.copyOf(ranges);
    }

    public static String partPrefix(String rangeSuffix) {
        return "part" + rangeSuffix + "-";
    }

    public Path marker(String rangeSuffix) {
        return staging().resolve(LakeLayout.INGESTED_MARKER + rangeSuffix);
    }

    /** Marks a range ingested, with a summary of its step for whoever looks at the staging batch. */
    public void markIngested(String rangeSuffix, String summary) {
        try {
            Files.createDirectories(staging());
            Files.writeString(marker(rangeSuffix), summary, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LakeException("cannot mark batch " + staging() + " as ingested: " + e.getMessage(), e);
        }
    }

    /** A marker left by an earlier run of a range says nothing of this one. */
    public void clearMarker(String rangeSuffix) {
        try {
            Files.deleteIfExists(marker(rangeSuffix));
        } catch (IOException e) {
            throw new LakeException("cannot clear the marker of batch " + staging() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether every range of the batch has its marker: {@code rangeSuffixes} are those recorded in {@link #rangesFile()},
     * or null for a batch begun before ranges were recorded (read whole, one marker).
     */
    public boolean isIngested(List<String> rangeSuffixes) {
        if (rangeSuffixes == null) {
            return Files.exists(marker(""));
        }
        return rangeSuffixes.stream().allMatch(suffix -> Files.exists(marker(suffix)));
    }

    /**
     * Moves the ingested staging batch into the lake in one atomic rename. Returns false, and drops the staging
     * copy, when the batch is committed already (the same bytes ingested by an earlier run).
     */
    public boolean commit() {
        try {
            if (isCommitted()) {
                deleteRecursively(staging());
                return false;
            }
            Files.move(staging(), committed(), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(committed().getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            deleteRecursively(staging());
            return false;
        } catch (IOException e) {
            throw new LakeException("cannot commit batch " + staging() + " to " + committed() + ": " + e.getMessage(), e);
        }
    }

    /** The rename itself made durable where the file system allows a directory to be synced (Linux does). */
    private static void syncDirectory(Path dir) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system lets a directory be opened: the rename is atomic, its durability is the system's
        }
    }

    /** Drops the staging batch: its parts, ranges and markers. A committed batch is never touched. */
    public void discardStaging() {
        deleteRecursively(staging());
    }

    public Path rejectsDir() {
        return rejectsRoot.resolve(dataset).resolve(relative(partner, sha256));
    }

    /** {@code rejects.csv} for a file read whole, {@code rejects-r03.csv} for a range. */
    public Path rejectsFile(String rangeSuffix) {
        return rejectsDir().resolve("rejects" + rangeSuffix + ".csv");
    }

    /** Drops the rejects of an uncommitted batch (a released file's next run lists them again). */
    public void discardRejects() {
        if (isCommitted()) {
            throw new LakeException("batch " + committed() + " is committed: its rejects are kept for the auditors");
        }
        deleteRecursively(rejectsDir());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LakeException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
