package fr.pairobs.cli;

import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.batch.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart a failed or stopped execution from its failed step (and, inside an ingest step, "
                + "from the last committed part).")
public final class RestartCommand implements Callable<Integer> {
    private final JobRunner runner;

    @Parameters(index = "0", description = "job execution id (see 'pairobs runs')")
    long executionId;

    public RestartCommand(JobRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public Integer call() throws Exception {
        return Reports.print(runner.restart(executionId));
    }
}
