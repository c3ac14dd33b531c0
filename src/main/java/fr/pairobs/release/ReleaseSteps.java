package fr.pairobs.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

import fr.pairobs.batch.RunParameters;

import static java.util.Objects.requireNonNull;

/**
 * {@code protect}: between check and publish, writes the open release of the checked build (protection, tables,
 * audit, manifest) under its staging name. A refused audit fails the step, so nothing is published; publish renames
 * the staged release into place just before the warehouse ({@link ReleasePublisher}).
 */
public final class ReleaseSteps {
    private final OpenRelease release;
    private final Function<JobExecution, Path> buildFile;
    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final java.util.function.Consumer<Path> report;

    /**
     * @param report writes the report (report.html, report.pdf) into a staged release, from its files only; the
     *        manifest then lists them with their checksums
     */
    public ReleaseSteps(OpenRelease release, Function<JobExecution, Path> buildFile, JobRepository jobRepository,
            PlatformTransactionManager transactionManager, java.util.function.Consumer<Path> report) {
        this.report = requireNonNull(report, "report is null");
        this.release = requireNonNull(release, "release is null");
        this.buildFile = requireNonNull(buildFile, "buildFile is null");
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
    }

    public Step protect() {
        return new StepBuilder("protect", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
                    Path build = buildFile.apply(job);
                    if (!Files.exists(build)) {
                        throw new ReleaseException("no build to protect: " + build + " is missing; restart from build");
                    }
                    String buildId = String.valueOf(job.getJobInstance().getInstanceId());
                    ReleaseWriter.Summary s = release.stage(build, buildId, RunParameters.runDate(job.getJobParameters()));
                    // the report is part of what is published: a failure here fails the step and nothing is published
                    Path staged = release.releases().staging(buildId);
                    report.accept(staged);
                    Manifest.refreshFiles(staged);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(String.format(java.util.Locale.ROOT,
                            "release staged: %d cell(s), %d published, %d masked (%d primary, %d secondary, %d carried forward from %s); "
                            + "audit: %d value(s), %d failure(s)", s.cells(), s.published(), s.primary() + s.secondary(), s.primary(),
                            s.secondary(), s.carried(), s.previousRelease() == null ? "no earlier release" : "release " + s.previousRelease(),
                            s.auditedValues(), s.auditFailures())));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }
}
