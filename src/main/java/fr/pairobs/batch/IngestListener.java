package fr.pairobs.batch;

import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Told of an ingest partition's work as it streams rows into a Parquet part: a bean of this type is
 * called by every ingest step (operational hooks, fault injection in tests). Chunk and step
 * listeners beans are registered on the ingest steps as they are.
 */
public interface IngestListener extends StepListener {
    /**
     * A part is complete in memory and about to be closed and renamed into the staging batch; its rows, the
     * reader's position and the rejects are then committed with the step's context. An exception here fails
     * the part: nothing of it is kept and a restart reads its rows again.
     */
    default void beforePartCommit(StepExecution partition, long rows) {
    }
}
