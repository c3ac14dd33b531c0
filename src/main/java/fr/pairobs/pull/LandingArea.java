package fr.pairobs.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import static java.util.Objects.requireNonNull;

/**
 * The landing area, the evidence of what partners sent: each file stored once under
 * {@code landing/<partner>/<sha256>.<ext>}, never modified, with a line in
 * {@code landing/<partner>/manifest.csv}. Landing the same bytes twice is a no-op.
 */
public final class LandingArea {
    private static final String[] MANIFEST_HEADER = {"pulled_at", "feed", "source_name", "size", "sha256", "stored_as"};
    private static final CSVFormat MANIFEST = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Path root;
    private final Clock clock;

    public LandingArea(Path root, Clock clock) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Path root() {
        return root;
    }

    public Path manifestOf(String partner) {
        return root.resolve(partner).resolve("manifest.csv");
    }

    /**
     * Copies {@code source} into the landing area unless a file with the same SHA-256 is already there.
     * The copy goes to a temporary name first and is checked against the checksum read from the source,
     * so a partial copy is never stored under a checksum name.
     */
    public Landing land(String partner, String feed, Path source) {
        return land(partner, feed, source, source.getFileName().toString());
    }

    /** As {@link #land(String, String, Path)}, for a file downloaded under a temporary name. */
    public Landing land(String partner, String feed, Path source, String sourceName) {
        return land(partner, feed, source, sourceName, null);
    }

    /**
     * As {@link #land(String, String, Path, String)}, refusing the file when its SHA-256, computed
     * while it is copied, is not the one its source published ({@code expectedSha256}, null when none).
     */
    public Landing land(String partner, String feed, Path source, String sourceName, String expectedSha256) {
        Path partnerDir = root.resolve(partner);
        try {
            Files.createDirectories(partnerDir);
            Path temp = Files.createTempFile(partnerDir, ".landing-", ".tmp");
            String sha;
            long size;
            try {
                MessageDigest digest = sha256();
                try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
                        OutputStream out = Files.newOutputStream(temp)) {
                    size = in.transferTo(out);
                }
                sha = HexFormat.of().formatHex(digest.digest());
                if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha)) {
                    throw new PullException("partner " + partner + ": " + sourceName + " does not match its published SHA-256 (got "
                            + sha + ", the source says " + expectedSha256 + "); it is not landed and will be pulled again");
                }
                if (Files.size(temp) != size) {
                    throw new IOException("copied " + Files.size(temp) + " bytes of " + size);
                }
                try (FileChannel lockChannel = FileChannel.open(partnerDir.resolve(".manifest.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = lockChannel.lock()) {
                    Optional<LandedFile> existing = find(partner, sha);
                    if (existing.isPresent()) {
                        return new Landing(existing.get(), false);
                    }
                    Path stored = partnerDir.resolve(sha + extensionOf(sourceName));
                    Files.move(temp, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    stored.toFile().setWritable(false, false);
                    LandedFile landed = new LandedFile(partner, feed, sourceName, size, sha,
                            clock.instant(), stored);
                    appendToManifest(partner, landed);
                    return new Landing(landed, true);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new PullException("cannot land " + source + " for partner " + partner + ": " + e.getMessage(), e);
        }
    }

    public Optional<LandedFile> find(String partner, String sha256) {
        return files(partner).stream().filter(f -> f.sha256().equals(sha256)).findFirst();
    }

    /** Every file landed for a partner, in landing order. */
    public List<LandedFile> files(String partner) {
        Path manifest = manifestOf(partner);
        if (!Files.exists(manifest)) {
            return List.of();
        }
        List<LandedFile> result = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            for (CSVRecord record : MANIFEST.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                result.add(new LandedFile(partner, record.get("feed"), record.get("source_name"),
                        Long.parseLong(record.get("size")), record.get("sha256"), Instant.parse(record.get("pulled_at")),
                        manifest.getParent().resolve(record.get("stored_as"))));
            }
        } catch (IOException | RuntimeException e) {
            throw new PullException("landing manifest " + manifest + " cannot be read: " + e.getMessage(), e);
        }
        return result;
    }

    /**
     * Sets a landed file aside so that it is no longer ingested (a broken export the partner has
     * replaced). The file itself stays in the landing area as evidence; the decision is recorded in
     * {@code landing/<partner>/discarded.csv} with its reason.
     */
    public void discard(String partner, String shaOrPrefix, String reason) {
        LandedFile file = files(partner).stream().filter(f -> f.sha256().startsWith(shaOrPrefix)).reduce((a, b) -> {
            throw new PullException("checksum prefix " + shaOrPrefix + " matches several files of partner " + partner);
        }).orElseThrow(() -> new PullException("no landed file of partner " + partner + " has a checksum starting with " + shaOrPrefix));
        Path discarded = root.resolve(partner).resolve("discarded.csv");
        StringWriter line = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(line, MANIFEST)) {
            if (!Files.exists(discarded)) {
                printer.printRecord("discarded_at", "sha256", "source_name", "reason");
            }
            printer.printRecord(clock.instant().toString(), file.sha256(), file.sourceName(), reason);
            Files.writeString(discarded, line.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PullException("cannot record the discard in " + discarded + ": " + e.getMessage(), e);
        }
    }

    public boolean isDiscarded(String partner, String sha256) {
        Path discarded = root.resolve(partner).resolve("discarded.csv");
        if (!Files.exists(discarded)) {
            return false;
        }
        try (Reader reader = Files.newBufferedReader(discarded, StandardCharsets.UTF_8)) {
            for (CSVRecord record : MANIFEST.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                if (record.get("sha256").equals(sha256)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new PullException("cannot read " + discarded + ": " + e.getMessage(), e);
        }
    }

    public List<LandedFile> files(String partner, String feed) {
        return files(partner).stream().filter(f -> f.feed().equals(feed)).toList();
    }

    private void appendToManifest(String partner, LandedFile landed) throws IOException {
        Path manifest = manifestOf(partner);
        boolean fresh = !Files.exists(manifest);
        StringWriter line = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(line, MANIFEST)) {
            if (fresh) {
                printer.printRecord((Object[]) MANIFEST_HEADER);
            }
            printer.printRecord(landed.pulledAt().toString(), landed.feed(), landed.sourceName(), landed.size(),
                    landed.sha256(), landed.path().getFileName().toString());
        }
        try (FileChannel channel = FileChannel.open(manifest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(java.util.Locale.ROOT);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The outcome of {@link #land}: the stored file, and whether it was new. */
    public record Landing(LandedFile file, boolean newlyLanded) {
    }
}
