package fr.pairobs.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.batch.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one job: 'nightly' (every feed, then build, check, publish) or a feed id (see 'pairobs jobs'). "
                + "A failed run of the same date is restarted where it stopped.")
public final class RunCommand implements Callable<Integer> {
    private final JobRunner runner;

    @Parameters(index = "0", description = "job name: nightly or a feed id")
    String job;

    @Option(names = "--date", description = "run date (yyyy-MM-dd), identifies the run; default: today")
    LocalDate date;

    @Option(names = "--rerun", description = "run again even if this date's run completed")
    boolean rerun;

    @Option(names = "--report-peak-rss", hidden = true, description = "print the process's peak resident memory (benchmarks)")
    boolean reportPeakRss;

    public RunCommand(JobRunner runner) {
        this.runner = requireNonNull(runner, "runner is null");
    }

    @Override
    public Integer call() throws Exception {
        JobRunner.Outcome outcome = runner.run(job, date != null ? date : LocalDate.now(),
                rerun ? String.valueOf(System.currentTimeMillis()) : null);
        int code = Reports.print(outcome);
        if (reportPeakRss) {
            System.out.println("peak_rss_kb=" + Reports.peakRssKb());
        }
        return code;
    }
}
