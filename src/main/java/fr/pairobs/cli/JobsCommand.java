package fr.pairobs.cli;

import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import picocli.CommandLine.Command;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List the jobs: the nightly flow and one per feed of jobs/.")
public final class JobsCommand implements Callable<Integer> {
    private final SpecCatalog catalog;

    public JobsCommand(SpecCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    @Override
    public Integer call() {
        System.out.printf("%-36s %-22s %-20s %-16s %s%n", "job", "partner", "dataset", "cron", "description");
        System.out.printf("%-36s %-22s %-20s %-16s %s%n", "nightly", "(all)", "(all)",
                catalog.nightly().schedule().cron(), catalog.nightly().description());
        for (FeedSpec feed : catalog.feeds().values()) {
            System.out.printf("%-36s %-22s %-20s %-16s %s%n", feed.feed(), feed.partner(), feed.dataset(),
                    feed.schedule() == null ? "" : feed.schedule().cron(), feed.description() == null ? "" : feed.description());
        }
        return 0;
    }
}
