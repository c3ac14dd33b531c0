package fr.pairobs.batch;

import java.time.LocalDateTime;
import java.util.function.Function;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

import static java.util.Objects.requireNonNull;

/**
 * The worker step of the partitioned ingest, the one Spring Batch's {@code TaskExecutorPartitionHandler} runs for
 * every partition: it reads the partition's execution context (feed, file, range) and builds from it the step that
 * ingests that file or range, with a reader, normalizer, writer and rejects log of its own, so that nothing is shared
 * between partitions run at once. It records which process ran the partition ({@link #WORKER}: host and pid), shown
 * by {@code pairobs run-info}.
 */
final class IngestWorkerStep implements Step {
    /** Partition execution context: {@code host/pid} of the process that ran it last. */
    static final String WORKER = "worker";
    private static final String WORKER_HOST = fr.pairobs.remote.WorkerId.current().shown();

    private final String name;
    private final Function<StepExecution, Step> partitionStep;
    private final JobRepository jobRepository;
    private final String worker;

    IngestWorkerStep(String name, Function<StepExecution, Step> partitionStep, JobRepository jobRepository) {
        this.name = requireNonNull(name, "name is null");
        this.partitionStep = requireNonNull(partitionStep, "partitionStep is null");
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.worker = WORKER_HOST;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void execute(StepExecution partition) throws JobInterruptedException {
        partition.getExecutionContext().putString(WORKER, worker);
        Step step;
        try {
            step = partitionStep.apply(partition);
        } catch (RuntimeException | Error e) {
            // the step could not even be built: record it, or the partition would look forever running
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
            partition.addFailureException(e);
            partition.setEndTime(LocalDateTime.now());
            jobRepository.update(partition);
            return;
        }
        step.execute(partition);
        if (partition.getStatus() == BatchStatus.FAILED && partition.getExecutionContext().containsKey(FeedSteps.FILE_PATH)) {
            // a manager that reads this partition back from the job repository (remote workers) has no exceptions to look
            // at: whether the file is at fault is kept in the context, for the quarantine
            FileQuarantine.partnerFault(partition.getFailureExceptions(),
                    java.nio.file.Path.of(partition.getExecutionContext().getString(FeedSteps.FILE_PATH)))
                    .ifPresent(fault -> {
                        partition.getExecutionContext().putString(FileQuarantine.PARTNER_FAULT, JobRunner.Outcome.message(fault));
                        jobRepository.updateExecutionContext(partition);
                    });
        }
    }

}
