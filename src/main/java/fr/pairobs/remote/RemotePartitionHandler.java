package fr.pairobs.remote;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.dao.OptimisticLockingFailureException;

import static java.util.Objects.requireNonNull;

/**
 * The manager's side of the remote ingest: Spring Batch's {@link MessageChannelPartitionHandler}, which sends one
 * request per partition and polls the job repository for their end, with a watchdog beside the polling. The watchdog
 * fails a running partition whose worker has stopped beating for {@code pairobs.remote.worker-timeout} (killed, frozen,
 * cut off), naming the partition and the worker, and fails the partitions no worker has taken when no worker at all has
 * beaten for that long; the step then fails as for any failed partition, and {@code pairobs restart} runs those
 * partitions again from their last committed part.
 */
final class RemotePartitionHandler extends MessageChannelPartitionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final JobRepository jobRepository;
    private final WorkerRegistry registry;
    private final RemoteProperties properties;

    RemotePartitionHandler(JobRepository jobRepository, WorkerRegistry registry, RemoteProperties properties) {
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.properties = requireNonNull(properties, "properties is null");
        setJobRepository(jobRepository);
        setPollInterval(properties.poll().toMillis());
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        if (registry.live(properties.queue(), properties.workerTimeout()) == 0) {
            LOG.warn("{}: {} partition(s) sent, but no pairobs worker has beaten on queue {} within {}: they wait for one",
                    manager.getStepName(), partitions.size(), properties.queue(), properties.workerTimeout());
        } else {
            LOG.info("{}: {} partition(s) sent to the workers of queue {}", manager.getStepName(), partitions.size(), properties.queue());
        }
        List<Long> ids = partitions.stream().map(StepExecution::getId).toList();
        Watchdog watchdog = new Watchdog(ids);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partition-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(watchdog, properties.poll().toMillis(), properties.poll().toMillis(), TimeUnit.MILLISECONDS);
        Set<StepExecution> ended;
        try {
            ended = super.doHandle(manager, partitions);
        } catch (Exception e) {
            // requests not sent (the broker unreachable) or the wait given up: partitions no worker took are failed now,
            // so that a request still on the queue finds them ended, and the restart sends them again
            for (long id : ids) {
                if (registry.workerOf(id) == null) {
                    watchdog.fail(id, "not dispatched: " + e.getMessage());
                }
            }
            throw e;
        } finally {
            timer.shutdownNow();
        }
        // the job execution holds the partitions as they were sent: they take what the workers recorded, so that the
        // aggregation, the run's outcome and its failure notification see the partitions' ends and reasons
        java.util.Map<Long, StepExecution> byId = new java.util.HashMap<>();
        ended.forEach(e -> byId.put(e.getId(), e));
        for (StepExecution sent : partitions) {
            StepExecution recorded = byId.get(sent.getId());
            if (recorded != null) {
                copy(recorded, sent);
            }
        }
        return partitions;
    }

    private static void copy(StepExecution from, StepExecution to) {
        to.setStatus(from.getStatus());
        to.setExitStatus(from.getExitStatus());
        to.setReadCount(from.getReadCount());
        to.setWriteCount(from.getWriteCount());
        to.setFilterCount(from.getFilterCount());
        to.setReadSkipCount(from.getReadSkipCount());
        to.setProcessSkipCount(from.getProcessSkipCount());
        to.setWriteSkipCount(from.getWriteSkipCount());
        to.setCommitCount(from.getCommitCount());
        to.setRollbackCount(from.getRollbackCount());
        to.setStartTime(from.getStartTime());
        to.setEndTime(from.getEndTime());
        to.setLastUpdated(from.getLastUpdated());
        to.setExecutionContext(from.getExecutionContext());
        to.setVersion(from.getVersion());
    }

    /** Fails the partitions whose worker is silent, and those nobody can take. */
    private final class Watchdog implements Runnable {
        private final List<Long> ids;
        private final long sentAt = System.nanoTime();

        Watchdog(List<Long> ids) {
            this.ids = ids;
        }

        @Override
        public void run() {
            try {
                for (WorkerRegistry.Silent silent : registry.silent(ids, properties.workerTimeout())) {
                    fail(silent.stepExecutionId(), "worker " + shown(silent.worker()) + " stopped answering while running it (last "
                            + "heartbeat " + silent.beatAt().withNano(0) + ", pairobs.remote.worker-timeout " + properties.workerTimeout()
                            + "); its committed parts are kept: run 'pairobs recover' if the execution is still STARTED, then "
                            + "'pairobs restart'");
                }
                Duration waited = Duration.ofNanos(System.nanoTime() - sentAt);
                if (waited.compareTo(properties.workerTimeout()) > 0 && registry.live(properties.queue(), properties.workerTimeout()) == 0) {
                    for (long id : ids) {
                        StepExecution partition = jobRepository.getStepExecution(id);
                        if (partition != null && partition.getStatus() == BatchStatus.STARTING && registry.workerOf(id) == null) {
                            fail(id, "no pairobs worker on queue " + properties.queue() + " has answered for "
                                    + properties.workerTimeout() + ": start one (README, Scaling out), then 'pairobs restart'");
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the repository unreachable for a moment: the next look tries again, the polling fails if it stays so
                LOG.warn("partition watchdog: {}", e.toString());
            }
        }

        private void fail(long id, String why) {
            StepExecution partition = jobRepository.getStepExecution(id);
            if (partition == null || !partition.getStatus().isRunning()) {
                return;
            }
            String message = "partition " + partition.getStepName() + " failed: " + why;
            partition.setStatus(BatchStatus.FAILED);
            partition.setExitStatus(ExitStatus.FAILED.addExitDescription(message));
            partition.setEndTime(LocalDateTime.now());
            try {
                jobRepository.update(partition);
            } catch (OptimisticLockingFailureException e) {
                return; // the worker wrote meanwhile: it is not silent after all; looked at again next time
            }
            registry.ended(id);
            LOG.error(message);
        }

        private String shown(String worker) {
            int at = worker.lastIndexOf('@');
            return at < 0 ? worker : worker.substring(0, at);
        }
    }
}
