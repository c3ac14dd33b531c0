package fr.pairobs.batch;

import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.batch.core.step.skip.SkipPolicy;

import fr.pairobs.ingest.RowRejectedException;

/** Skips rejected rows, up to a limit per file; every other error fails the step. */
final class RejectSkipPolicy implements SkipPolicy {
    private final long maxRejects;

    RejectSkipPolicy(long maxRejects) {
        this.maxRejects = maxRejects;
    }

    @Override
    public boolean shouldSkip(Throwable t, long skipCount) {
        if (!(t instanceof RowRejectedException)) {
            return false;
        }
        if (skipCount >= maxRejects) {
            throw new SkipLimitExceededException(maxRejects, t);
        }
        return true;
    }
}
