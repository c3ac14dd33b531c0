package fr.pairobs.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

import static java.util.Objects.requireNonNull;

/**
 * Purges job-repository history older than a retention age. Only job instances whose executions
 * all ended before the cut-off are removed; anything running or recent is kept. The landing area,
 * the evidence of what partners sent, is never touched.
 */
public final class RepositoryRetention {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryRetention.class);
    private final JobRepository repository;
    private final Clock clock;

    public RepositoryRetention(JobRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** @return the number of job instances removed (with their executions and step executions) */
    public int purgeOlderThan(Duration age, boolean dryRun) {
        LocalDateTime cutoff = LocalDateTime.now(clock).minus(age);
        int removed = 0;
        for (String jobName : repository.getJobNames()) {
            for (JobInstance instance : repository.findJobInstances(jobName)) {
                List<JobExecution> executions = repository.getJobExecutions(instance);
                boolean old = !executions.isEmpty() && executions.stream()
                        .allMatch(e -> !e.isRunning() && e.getEndTime() != null && e.getEndTime().isBefore(cutoff));
                if (old) {
                    if (!dryRun) {
                        repository.deleteJobInstance(instance);
                    }
                    removed++;
                }
            }
        }
        LOG.info("{} {} job instance(s) that ended before {}", dryRun ? "would purge" : "purged", removed, cutoff);
        return removed;
    }
}
