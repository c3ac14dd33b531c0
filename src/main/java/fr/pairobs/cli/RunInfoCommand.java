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
        return 0;
    }
}
