package fr.pairobs.pull;

import java.nio.file.Path;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One manifest line of the landing area: a partner file stored once, named by its SHA-256. */
public record LandedFile(String partner, String feed, String sourceName, long size, String sha256, Instant pulledAt, Path path) {
    public LandedFile {
        requireNonNull(partner, "partner is null");
        requireNonNull(feed, "feed is null");
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(pulledAt, "pulledAt is null");
        requireNonNull(path, "path is null");
    }
}
