package fr.pairobs.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

import fr.pairobs.Workspace;
import fr.pairobs.quality.CheckResult;
import fr.pairobs.quality.QualityChecks;
import fr.pairobs.warehouse.WarehouseBuilder;
import fr.pairobs.warehouse.WarehouseException;

import static java.util.Objects.requireNonNull;

/**
 * {@code build} (a new DuckDB file from the lake), {@code check} (sql/checks on it) and
 * {@code publish} (atomic rename to current.duckdb). The build file is named by the job instance,
 * so a restarted run finds the file its earlier attempt built.
 */
public final class WarehouseSteps {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseSteps.class);

    private final Workspace workspace;
    private final WarehouseBuilder builder;
    private final QualityChecks checks;
    private final fr.pairobs.warehouse.DataDictionary dictionary;
    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final PipelineEvents events;
    private final io.micrometer.observation.ObservationRegistry observations;

    public WarehouseSteps(Workspace workspace, WarehouseBuilder builder, QualityChecks checks, JobRepository jobRepository,
            PlatformTransactionManager transactionManager, PipelineEvents events,
            io.micrometer.observation.ObservationRegistry observations) {
        this.events = requireNonNull(events, "events is null");
        this.observations = requireNonNull(observations, "observations is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.builder = requireNonNull(builder, "builder is null");
        this.checks = requireNonNull(checks, "checks is null");
        this.dictionary = new fr.pairobs.warehouse.DataDictionary(checks);
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
    }

    public Path buildFile(JobExecution execution) {
        return workspace.builds().resolve("build-" + execution.getJobInstance().getInstanceId() + ".duckdb");
    }

    public Step build() {
        return new StepBuilder("build", jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
                    WarehouseBuilder.BuildResult result = builder.build(buildFile(job), events::scriptBuilt);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(
                            "built " + result.file().getFileName() + " from " + result.scripts() + " SQL file(s) in "
                                    + result.millis() + " ms"));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    public Step check() {
        return new StepBuilder("check", jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
                    Path file = buildFile(job);
                    if (!Files.exists(file)) {
                        throw new WarehouseException("no build to check: " + file + " is missing; restart from build");
                    }
                    List<CheckResult> results = checks.run(file, String.valueOf(job.getJobInstance().getInstanceId()));
                    List<CheckResult> blocking = results.stream().filter(r -> r.failed() && r.blocking()).toList();
                    long warnings = results.stream().filter(r -> r.failed() && !r.blocking()).count();
                    results.stream().filter(r -> r.failed() || !r.trend().isEmpty()).forEach(r -> LOG.warn(
                            "check {} [{}] {} {}: {} row(s) (threshold {}){}", r.check(), r.family(), r.status(), r.trend(),
                            r.failingRows(), r.threshold(), r.sample().isEmpty() ? "" : " e.g. " + r.sample().get(0)));
                    if (!blocking.isEmpty()) {
                        throw new WarehouseException("blocking quality check(s) failed, the warehouse is not published: "
                                + blocking.stream().map(r -> r.check() + " (" + r.failingRows() + " row(s), e.g. "
                                        + String.join(" | ", r.sample()) + ")").collect(Collectors.joining("; ")));
                    }
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(
                            results.size() + " check(s) run, " + warnings + " warning(s)"));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    public Step publish() {
        return new StepBuilder("publish", jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
                    Path file = buildFile(job);
                    Path current = workspace.currentWarehouse();
                    if (!Files.exists(file)) {
                        throw new WarehouseException("nothing to publish: " + file + " is missing; restart from build");
                    }
                    dictionary.write(file, workspace.warehouse().resolve("dictionary.md"));
                    events.beforePublish(file, current);
                    // readers that opened the previous file keep reading it: rename swaps the name only
                    Files.move(file, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    events.published(current);
                    LOG.info("published {} (data dictionary: {})", current, workspace.warehouse().resolve("dictionary.md"));
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription("published " + current));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }
}
