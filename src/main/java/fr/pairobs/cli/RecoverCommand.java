package fr.pairobs.cli;

import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

import fr.pairobs.batch.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Mark an execution whose process was killed (still STARTED) as FAILED, so that it can be restarted.")
public final class RecoverCommand implements Callable<Integer> {
    private final JobRunner runner;

    @Parameters(index = "0", description = "job execution id (see 'pairobs runs')")
    long executionId;

    public RecoverCommand(JobRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public Integer call() {
        JobExecution recovered = runner.recover(executionId);
        System.out.println("execution " + executionId + " is now " + recovered.getStatus()
                + "; restart it with: pairobs restart " + executionId);
        return 0;
    }
}
