package fr.pairobs.batch;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import static java.util.Objects.requireNonNull;

/**
 * Starts, restarts and recovers PairObs jobs through Spring Batch's JobOperator, and turns the
 * outcome into something an operator reads: an exit code and, on failure, the reason.
 */
public final class JobRunner {
    /** The status a notification gives a run that completed with files or sources quarantined. */
    public static final String QUARANTINED = "COMPLETED_WITH_QUARANTINE";

    private final PipelineJobs jobs;
    private final JobOperator operator;
    private final JobRepository repository;
    private final fr.pairobs.ops.FailureNotifier notifier;

    public JobRunner(PipelineJobs jobs, JobOperator operator, JobRepository repository, fr.pairobs.ops.FailureNotifier notifier) {
        this.notifier = requireNonNull(notifier, "notifier is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.operator = requireNonNull(operator, "operator is null");
        this.repository = requireNonNull(repository, "repository is null");
    }

    /**
     * Runs a job for a date. If that date's run failed, this restarts it; if it completed, nothing is
     * run again unless {@code attempt} names a new attempt.
     */
    public Outcome run(String jobName, LocalDate date, String attempt) throws Exception {
        Job job = jobs.find(jobName).orElseThrow(() -> new IllegalArgumentException(
                "unknown job '" + jobName + "'; jobs are: " + String.join(", ", jobs.all().keySet())));
        JobParameters parameters = RunParameters.of(date, attempt);
        try {
            return notified(Outcome.of(operator.start(job, parameters)));
        } catch (JobInstanceAlreadyCompleteException e) {
            JobInstance instance = repository.getJobInstance(jobName, parameters);
            JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
            return new Outcome(last, 0, "job " + jobName + " already completed for " + date
                    + (last != null ? " (execution " + last.getId() + ")" : "") + "; use --rerun to run it again");
        }
    }

    public Outcome restart(long executionId) throws Exception {
        JobExecution execution = execution(executionId);
        if (execution.getStatus() == BatchStatus.STARTED || execution.getStatus() == BatchStatus.STARTING
                || execution.getStatus() == BatchStatus.STOPPING) {
            throw new IllegalStateException("execution " + executionId + " is still " + execution.getStatus()
                    + "; if its process died, run 'pairobs recover " + executionId + "' first");
        }
        return notified(Outcome.of(operator.restart(execution)));
    }

    private Outcome notified(Outcome outcome) {
        if (outcome.execution() == null) {
            return outcome;
        }
        JobExecution execution = outcome.execution();
        if (outcome.exitCode() != 0) {
            notifier.failed(execution.getJobInstance().getJobName(), execution.getId(), execution.getStatus().name(),
                    outcome.message());
        } else if (!FileQuarantine.quarantined(execution).isEmpty()) {
            // the night published without some partner's data: someone must know, though nothing is to restart
            notifier.failed(execution.getJobInstance().getJobName(), execution.getId(), QUARANTINED, outcome.message());
        }
        return outcome;
    }

    /** Marks an execution left STARTED by a killed process as FAILED so it can be restarted. */
    public JobExecution recover(long executionId) {
        return operator.recover(execution(executionId));
    }

    public JobExecution execution(long executionId) {
        JobExecution execution = repository.getJobExecution(executionId);
        if (execution == null) {
            throw new IllegalArgumentException("no job execution " + executionId + "; see 'pairobs runs'");
        }
        return execution;
    }

    /** What a run ended with: the execution, the process exit code and a one-line message. */
    public record Outcome(JobExecution execution, int exitCode, String message) {
        static Outcome of(JobExecution execution) {
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                List<String> quarantined = FileQuarantine.quarantined(execution);
                return new Outcome(execution, 0, "job " + execution.getJobInstance().getJobName() + " execution "
                        + execution.getId() + " COMPLETED" + (quarantined.isEmpty() ? "" : " without what was quarantined ("
                                + "see 'pairobs quarantine list'): " + String.join("; ", quarantined)));
            }
            return new Outcome(execution, 1, "job " + execution.getJobInstance().getJobName() + " execution "
                    + execution.getId() + " " + execution.getStatus() + ": " + reason(execution));
        }

        static String reason(JobExecution execution) {
            List<String> reasons = execution.getStepExecutions().stream()
                    .filter(s -> s.getStatus().isUnsuccessful())
                    .map(Outcome::stepReason)
                    .toList();
            if (reasons.isEmpty()) {
                reasons = execution.getAllFailureExceptions().stream().map(Outcome::message).toList();
            }
            return reasons.isEmpty() ? execution.getExitStatus().getExitDescription() : String.join("; ", reasons);
        }

        private static String stepReason(StepExecution step) {
            String failures = step.getFailureExceptions().stream().map(Outcome::message).distinct()
                    .collect(Collectors.joining("; "));
            if (failures.isEmpty() && step.getExitStatus().getExitDescription() != null) {
                // a step run by another process (a remote ingest partition): what it recorded of its failure
                failures = step.getExitStatus().getExitDescription().lines().findFirst().orElse("")
                        .replaceFirst("^[\\w.$]+(Exception|Error): ", "");
            }
            return "step " + step.getStepName() + " " + step.getStatus() + (failures.isEmpty() ? "" : ": " + failures);
        }

        /** The messages of the cause chain: wrappers like "Unable to process chunk" say little alone. */
        static String message(Throwable t) {
            List<String> parts = new java.util.ArrayList<>();
            for (Throwable c = t; c != null && parts.size() < 5; c = c.getCause() == c ? null : c.getCause()) {
                String m = c.getMessage() != null ? c.getMessage().lines().findFirst().orElse("") : c.getClass().getSimpleName();
                if (!m.isBlank() && parts.stream().noneMatch(p -> p.contains(m))) {
                    parts.add(m);
                }
            }
            return String.join(": ", parts);
        }
    }
}
