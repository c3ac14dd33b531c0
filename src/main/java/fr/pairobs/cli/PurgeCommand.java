package fr.pairobs.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.audit.RepositoryRetention;
import fr.pairobs.security.LandingRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete job-repository history older than an age, and the raw partner files of the landing area "
                + "whose batch has been in the lake longer than pairobs.landing.retention (their manifest line, checksum "
                + "and size are kept; landing/<partner>/purged.csv says when). The lake and the rejects are kept.")
public final class PurgeCommand implements Callable<Integer> {
    private final RepositoryRetention retention;
    private final LandingRetention landing;

    @Option(names = "--older-than", defaultValue = "P400D",
            description = "ISO-8601 duration, e.g. P400D (default: ${DEFAULT-VALUE})")
    Duration age;

    @Option(names = "--dry-run", description = "only count what would be deleted")
    boolean dryRun;

    public PurgeCommand(RepositoryRetention retention, LandingRetention landing) {
        this.retention = requireNonNull(retention, "retention is null");
        this.landing = requireNonNull(landing, "landing is null");
    }

    @Override
    public Integer call() {
        int n = retention.purgeOlderThan(age, dryRun);
        System.out.println((dryRun ? "would purge " : "purged ") + n + " job instance(s) older than " + age);
        List<LandingRetention.Purged> files = landing.purge(dryRun);
        for (LandingRetention.Purged file : files) {
            System.out.println((dryRun ? "would purge " : "purged ") + "landed file " + file.partner() + "/" + file.sourceName()
                    + " (sha256 " + file.sha256() + ", " + file.size() + " bytes, in the lake since " + file.inLakeSince() + ")");
        }
        System.out.println((dryRun ? "would purge " : "purged ") + files.size() + " landed file(s) past the landing retention of "
                + landing.retention());
        return 0;
    }
}
