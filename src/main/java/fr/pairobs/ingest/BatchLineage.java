package fr.pairobs.ingest;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** Where every row of a lake batch comes from; written on each row so a fact can be traced back. */
public record BatchLineage(String partner, String feed, String sha256, String period, Instant pulledAt, long jobExecutionId) {
    public BatchLineage {
        requireNonNull(partner, "partner is null");
        requireNonNull(feed, "feed is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(pulledAt, "pulledAt is null");
    }
}
