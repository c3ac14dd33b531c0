package fr.pairobs.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.batch.PipelineEvents;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.pull.LandedFile;
import fr.pairobs.pull.LandingArea;

import static java.util.Objects.requireNonNull;

/**
 * Keeps identifying raw files only as long as needed: a landed partner file (names, NIR, birth dates)
 * is deleted once its batch has been in the lake for {@code pairobs.landing.retention} (ISO-8601,
 * default P90D; a discarded file, from when it was pulled). Its manifest line stays, so lineage still
 * names the file, its size and checksum, and {@code landing/<partner>/purged.csv} says when its
 * evidence was purged and why. Run after each publish (the nightly) and by {@code pairobs purge}.
 */
@Component
public final class LandingRetention implements PipelineEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LandingRetention.class);
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();
    public static final String PURGED = "purged.csv";

    private final LandingArea landing;
    private final LakeLayout lake;
    private final SpecCatalog catalog;
    private final Duration retention;
    private final Clock clock;

    public LandingRetention(LandingArea landing, Workspace workspace, SpecCatalog catalog,
            @Value("${pairobs.landing.retention:P90D}") Duration retention, Clock clock) {
        this.landing = requireNonNull(landing, "landing is null");
        this.lake = new LakeLayout(requireNonNull(workspace, "workspace is null").lake());
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("pairobs.landing.retention must not be negative, found " + retention);
        }
    }

    public Duration retention() {
        return retention;
    }

    /** A landed file whose evidence was deleted. */
    public record Purged(String partner, String sha256, String sourceName, long size, Instant inLakeSince, Instant purgedAt) {
    }

    @Override
    public void published(Path current) {
        List<Purged> purged = purge(false);
        if (!purged.isEmpty()) {
            LOG.info("landing retention {}: {} raw partner file(s) purged (see landing/<partner>/{})", retention, purged.size(),
                    PURGED);
        }
    }

    /** Deletes (or with {@code dryRun} lists) every landed file past its retention. */
    public List<Purged> purge(boolean dryRun) {
        Instant now = clock.instant();
        List<Purged> result = new ArrayList<>();
        for (String partner : catalog.partners().keySet()) {
            for (LandedFile file : landing.files(partner)) {
                if (!Files.exists(file.path())) {
                    continue;
                }
                Optional<Instant> since = inLakeSince(file);
                if (since.isEmpty() && landing.isDiscarded(partner, file.sha256())) {
                    since = Optional.of(file.pulledAt());
                }
                if (since.isEmpty() || since.get().plus(retention).isAfter(now)) {
                    continue;
                }
                Purged purged = new Purged(partner, file.sha256(), file.sourceName(), file.size(), since.get(), now);
                if (!dryRun) {
                    record(purged);
                    try {
                        Files.delete(file.path());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete the landed file " + file.path() + ": " + e.getMessage(), e);
                    }
                }
                result.add(purged);
            }
        }
        return result;
    }

    /** When the landed file's evidence was purged, if it was. */
    public Optional<Instant> purgedAt(String partner, String sha256) {
        Path file = landing.root().resolve(partner).resolve(PURGED);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSV.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                if (record.get("sha256").equals(sha256)) {
                    return Optional.of(Instant.parse(record.get("purged_at")));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** When the file's batch was registered in the lake: the newest file of its batch directory. */
    private Optional<Instant> inLakeSince(LandedFile file) {
        for (String dataset : catalog.datasets().keySet()) {
            Path batch = lake.batchDir(dataset, file.partner(), file.sha256());
            if (Files.isDirectory(batch)) {
                try (Stream<Path> files = Files.walk(batch)) {
                    long newest = 0;
                    for (Path p : files.toList()) {
                        newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
                    }
                    return Optional.of(Instant.ofEpochMilli(newest));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read lake batch " + batch + ": " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    /** The record is written before the file is deleted: a crash between leaves a record and a file, purged next time. */
    private void record(Purged purged) {
        Path file = landing.root().resolve(purged.partner()).resolve(PURGED);
        StringWriter line = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(line, CSV)) {
            if (!Files.exists(file)) {
                printer.printRecord("purged_at", "sha256", "source_name", "size", "in_lake_since", "retention");
            }
            printer.printRecord(purged.purgedAt().toString(), purged.sha256(), purged.sourceName(), purged.size(),
                    purged.inLakeSince().toString(), retention.toString());
            Files.writeString(file, line.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the purge in " + file + ": " + e.getMessage(), e);
        }
    }
}
