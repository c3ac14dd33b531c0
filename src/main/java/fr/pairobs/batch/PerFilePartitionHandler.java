package fr.pairobs.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.AsyncTaskExecutor;

import static java.util.Objects.requireNonNull;

/**
 * Runs one worker step per partition (here: per landed file, or per byte range of a large one), each
 * built fresh for its partition so that readers and writers hold no state shared between partitions,
 * on a bounded task executor. The only thing the workers of one run share is a count of rejected rows
 * per file, so that the ranges of one file are held to the file's limit together.
 */
final class PerFilePartitionHandler implements PartitionHandler {
    private final BiFunction<StepExecution, Map<String, AtomicLong>, Step> workerFactory;
    private final AsyncTaskExecutor executor;
    private final int gridSize;
    private final JobRepository jobRepository;

    PerFilePartitionHandler(BiFunction<StepExecution, Map<String, AtomicLong>, Step> workerFactory, AsyncTaskExecutor executor, int gridSize,
            JobRepository jobRepository) {
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.workerFactory = requireNonNull(workerFactory, "workerFactory is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.gridSize = gridSize;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStepExecution) throws Exception {
        Set<StepExecution> partitions = splitter.split(managerStepExecution, gridSize);
        Map<String, AtomicLong> rejectCounts = new ConcurrentHashMap<>();
        List<Future<StepExecution>> futures = new ArrayList<>();
        for (StepExecution partition : partitions) {
            futures.add(executor.submit(() -> {
                try {
                    workerFactory.apply(partition, rejectCounts).execute(partition);
                } catch (Throwable t) {
                    // the worker could not even be built: record it, or the partition would look forever running
                    partition.setStatus(BatchStatus.FAILED);
                    partition.setExitStatus(org.springframework.batch.core.ExitStatus.FAILED.addExitDescription(t));
                    partition.addFailureException(t);
                    partition.setEndTime(java.time.LocalDateTime.now());
                    jobRepository.update(partition);
                }
                return partition;
            }));
        }
        List<StepExecution> result = new ArrayList<>();
        for (Future<StepExecution> future : futures) {
            try {
                result.add(future.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a partition could not be run", e.getCause());
            }
        }
        return result;
    }
}
