package fr.pairobs.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List job executions, newest first, with status and row counts (from the job repository).")
public final class RunsCommand implements Callable<Integer> {
    private final JobRepository repository;

    @Option(names = "--limit", defaultValue = "20", description = "how many executions (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--job", description = "only this job")
    String job;

    private final fr.pairobs.release.Releases releases;

    public RunsCommand(JobRepository repository, fr.pairobs.release.Releases releases) {
        this.repository = requireNonNull(repository, "repository is null");
        this.releases = requireNonNull(releases, "releases is null");
    }

    @Override
    public Integer call() {
        List<JobExecution> executions = new ArrayList<>();
        for (String name : repository.getJobNames()) {
            if (job != null && !job.equals(name)) {
                continue;
            }
            for (JobInstance instance : repository.getJobInstances(name, 0, limit)) {
                executions.addAll(repository.getJobExecutions(instance));
            }
        }
        executions.sort(Comparator.comparing(JobExecution::getId).reversed());
        System.out.printf("%6s  %-36s %-10s %-19s %10s %9s %9s %9s %11s  %s%n", "id", "job", "status", "started", "duration",
                "read", "written", "rejected", "quarantined", "parameters");
        for (JobExecution e : executions.stream().limit(limit).toList()) {
            long read = 0, written = 0, rejected = 0;
            for (StepExecution s : e.getStepExecutions()) {
                if (s.getStepName().startsWith("ingest:") && s.getStepName().chars().filter(c -> c == ':').count() == 2) {
                    read += s.getReadCount();
                    written += s.getWriteCount();
                    rejected += s.getProcessSkipCount();
                }
            }
            // files and sources the run set aside instead of failing ('pairobs quarantine list' says which and why)
            int quarantined = fr.pairobs.batch.FileQuarantine.quarantined(e).size();
            System.out.printf("%6d  %-36s %-10s %-19s %10s %9d %9d %9d %11d  %s%n", e.getId(), e.getJobInstance().getJobName(),
                    e.getStatus(), e.getStartTime() == null ? "" : e.getStartTime().withNano(0).toString().replace('T', ' '),
                    Reports.duration(e.getStartTime(), e.getEndTime()), read, written, rejected, quarantined,
                    e.getJobParameters().parameters().stream().map(p -> p.name() + "=" + p.value()).sorted().toList());
        }
        List<String> kept = releases.list();
        System.out.printf("open releases: %d kept in %s (the last %d are kept: pairobs.release.keep)%s%n", kept.size(), releases.root(),
                releases.keep(), kept.isEmpty() ? "" : ", latest " + kept.get(kept.size() - 1));
        return 0;
    }
}
