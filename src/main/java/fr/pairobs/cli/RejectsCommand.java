package fr.pairobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import fr.pairobs.Workspace;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.batch.FeedSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "rejects", mixinStandardHelpOptions = true,
        description = "Print the rejected rows of an execution's ingested files: file, line, column, reason "
                + "(identifying values are never stored).")
public final class RejectsCommand implements Callable<Integer> {
    private final JobRunner runner;
    private final SpecCatalog catalog;
    private final Workspace workspace;

    @Parameters(index = "0", description = "job execution id (see 'pairobs runs')")
    long executionId;

    public RejectsCommand(JobRunner runner, SpecCatalog catalog, Workspace workspace) {
        this.runner = requireNonNull(runner, "runner is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
    }

    @Override
    public Integer call() throws Exception {
        JobExecution e = runner.execution(executionId);
        int files = 0;
        for (StepExecution s : e.getStepExecutions().stream().sorted(Comparator.comparing(StepExecution::getId)).toList()) {
            String[] parts = s.getStepName().split(":");
            if (parts.length != 3 || !parts[0].equals("ingest")) {
                continue;
            }
            Path rejects = FeedSteps.rejectsFile(workspace, catalog.feed(parts[1]), s.getExecutionContext());
            if (rejects == null) {
                continue;
            }
            if (Files.exists(rejects)) {
                files++;
                System.out.println("# " + s.getStepName() + " (" + s.getProcessSkipCount() + " rejected) " + rejects);
                Files.readAllLines(rejects).forEach(System.out::println);
            }
        }
        if (files == 0) {
            System.out.println("execution " + executionId + " ingested no file with rejects");
        }
        return 0;
    }
}
