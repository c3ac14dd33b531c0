package fr.pairobs.cli;

import java.util.Comparator;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

import fr.pairobs.batch.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "run-info", mixinStandardHelpOptions = true,
        description = "Show one execution: its steps with read, written and rejected counts, duration, input files "
                + "with their checksums, and exit messages.")
public final class RunInfoCommand implements Callable<Integer> {
    private final JobRunner runner;

    @Parameters(index = "0", description = "job execution id (see 'pairobs runs')")
    long executionId;

    public RunInfoCommand(JobRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public Integer call() {
        JobExecution e = runner.execution(executionId);
        System.out.printf("execution %d of job %s: %s (exit %s)%n", e.getId(), e.getJobInstance().getJobName(), e.getStatus(),
                e.getExitStatus().getExitCode());
        System.out.println("parameters: " + e.getJobParameters().parameters().stream()
                .map(p -> p.name() + "=" + p.value() + (p.identifying() ? "" : " (non-identifying)")).sorted().toList());
        System.out.println("started " + e.getStartTime() + ", ended " + e.getEndTime());
        Reports.steps(e);
        for (StepExecution s : e.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId)).toList()) {
            ExecutionContext context = s.getExecutionContext();
            if (context.containsKey("file.sha256")) {
                System.out.printf("  %s: file %s sha256 %s%s%n", s.getStepName(), context.getString("file.source"),
                        context.getString("file.sha256"), context.containsKey("worker") ? " ran by " + context.getString("worker") : "");
            }
            String description = s.getExitStatus().getExitDescription();
            if (description != null && !description.isBlank()) {
                System.out.printf("  %s: %s%n", s.getStepName(), description.lines().findFirst().orElse(""));
            }
        }
        workers(e);
        return 0;
    }

    /** Each process's share of the ingest partitions: partitions, rows, time spent and rows per second. */
    private static void workers(JobExecution e) {
        java.util.Map<String, long[]> byWorker = new java.util.TreeMap<>();
        for (StepExecution s : e.getStepExecutions()) {
            ExecutionContext context = s.getExecutionContext();
            if (!context.containsKey("file.sha256") || !context.containsKey("worker")) {
                continue;
            }
            long[] sums = byWorker.computeIfAbsent(context.getString("worker"), w -> new long[5]);
            sums[0]++;
            sums[1] += s.getStatus() == org.springframework.batch.core.BatchStatus.FAILED ? 1 : 0;
            sums[2] += s.getReadCount();
            sums[3] += s.getWriteCount();
            if (s.getStartTime() != null && s.getEndTime() != null) {
                sums[4] += java.time.Duration.between(s.getStartTime(), s.getEndTime()).toMillis();
            }
        }
        if (byWorker.isEmpty()) {
            return;
        }
        System.out.println("workers:");
        byWorker.forEach((worker, sums) -> System.out.printf("  worker %s: %d partition(s), %d failed, %d read, %d written, %.1f s, "
                + "%s rows/s%n", worker, sums[0], sums[1], sums[2], sums[3], sums[4] / 1000.0,
                sums[4] == 0 ? "-" : String.valueOf(Math.round(sums[3] * 1000.0 / sums[4]))));
    }
}
