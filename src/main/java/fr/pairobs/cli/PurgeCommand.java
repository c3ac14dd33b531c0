package fr.pairobs.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.audit.RepositoryRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete job-repository history older than an age. "
                + "The landing area, the lake and the rejects are kept.")
public final class PurgeCommand implements Callable<Integer> {
    private final RepositoryRetention retention;

    @Option(names = "--older-than", defaultValue = "P400D",
            description = "ISO-8601 duration, e.g. P400D (default: ${DEFAULT-VALUE})")
    Duration age;

    @Option(names = "--dry-run", description = "only count what would be deleted")
    boolean dryRun;

    public PurgeCommand(RepositoryRetention retention) {
        this.retention = requireNonNull(retention, "retention is null");
    }

    @Override
    public Integer call() {
        int n = retention.purgeOlderThan(age, dryRun);
        System.out.println((dryRun ? "would purge " : "purged ") + n + " job instance(s) older than " + age);
        return 0;
    }
}
