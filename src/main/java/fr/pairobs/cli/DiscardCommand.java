package fr.pairobs.cli;

import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.pull.LandingArea;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "discard", mixinStandardHelpOptions = true,
        description = "Set a landed file aside so that it is no longer ingested (a broken export that the partner replaced). "
                + "The file stays in the landing area; the decision and its reason are recorded in landing/<partner>/discarded.csv.")
public final class DiscardCommand implements Callable<Integer> {
    private final LandingArea landing;

    @Parameters(index = "0", description = "partner id")
    String partner;

    @Parameters(index = "1", description = "SHA-256 of the landed file, or a unique prefix (see 'pairobs run-info' or 'pairobs rejects')")
    String sha;

    @Option(names = "--reason", required = true, description = "why, for the auditors")
    String reason;

    public DiscardCommand(LandingArea landing) {
        this.landing = requireNonNull(landing, "landing is null");
    }

    @Override
    public Integer call() {
        landing.discard(partner, sha, reason);
        System.out.println("discarded " + sha + " of " + partner + ": it will not be ingested; the file stays in the landing area");
        return 0;
    }
}
