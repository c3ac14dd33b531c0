package fr.pairobs.batch;

import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.batch.core.step.skip.SkipPolicy;

import fr.pairobs.ingest.RowRejectedException;

/**
 * Skips rejected rows, up to a limit per file (the ranges of a file read at once share one count);
 * every other error fails the step.
 */
final class RejectSkipPolicy implements SkipPolicy {
    private final long maxRejects;
    private final java.util.concurrent.atomic.AtomicLong fileRejects;

    RejectSkipPolicy(long maxRejects, java.util.concurrent.atomic.AtomicLong fileRejects) {
        this.maxRejects = maxRejects;
        this.fileRejects = fileRejects;
    }

    @Override
    public boolean shouldSkip(Throwable t, long skipCount) {
        if (!(t instanceof RowRejectedException)) {
            return false;
        }
        if (Math.max(skipCount, fileRejects.getAndIncrement()) >= maxRejects) {
            throw new SkipLimitExceededException(maxRejects, t);
        }
        return true;
    }
}
