package fr.pairobs.cli;

import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;

import fr.pairobs.batch.FileQuarantine;
import fr.pairobs.lake.Quarantine;
import fr.pairobs.pull.LandingArea;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "What the nightly run set aside instead of failing: partner files that failed their ingest (reject limit, "
                + "unreadable, wrong header) and sources that could not be pulled. 'list' shows them; 'release' re-queues a file "
                + "for the next run (once the cause is fixed, e.g. a higher limit); 'discard' sets it aside for good. A source leaves "
                + "the quarantine by itself when it is pulled again; a file when a later export of the same period is ingested.",
        subcommands = {QuarantineCommand.List.class, QuarantineCommand.Release.class, QuarantineCommand.Discard.class})
public final class QuarantineCommand implements Callable<Integer> {
    private final FileQuarantine quarantine;

    public QuarantineCommand(FileQuarantine quarantine) {
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
    }

    @Override
    public Integer call() {
        return print(quarantine.ledger().open());
    }

    static int print(java.util.List<Quarantine.Entry> entries) {
        if (entries.isEmpty()) {
            System.out.println("nothing is quarantined");
            return 0;
        }
        System.out.printf("%-6s %-20s %-34s %-16s %-12s %-20s %s%n", "kind", "partner", "feed", "sha256", "period", "since", "reason");
        for (Quarantine.Entry e : entries) {
            System.out.printf("%-6s %-20s %-34s %-16s %-12s %-20s %s%n", e.kind(), e.partner(), e.feed(),
                    e.isSource() ? "-" : e.sha256().substring(0, Math.min(16, e.sha256().length())),
                    e.period().isEmpty() ? "-" : e.period(), e.since().toString().substring(0, 19).replace('T', ' '),
                    e.sourceName() + ": " + e.reason());
        }
        return 0;
    }

    @Component
    @Command(name = "list", mixinStandardHelpOptions = true, description = "What is quarantined now, with the reason and since when.")
    public static final class List implements Callable<Integer> {
        private final FileQuarantine quarantine;

        public List(FileQuarantine quarantine) {
            this.quarantine = requireNonNull(quarantine, "quarantine is null");
        }

        @Override
        public Integer call() {
            return print(quarantine.ledger().open());
        }
    }

    @Component
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Re-queue a quarantined file: the next run ingests it afresh (its staging batch and rejects are dropped).")
    public static final class Release implements Callable<Integer> {
        private final FileQuarantine quarantine;

        @Parameters(index = "0", description = "partner id")
        String partner;

        @Parameters(index = "1", description = "SHA-256 of the file, or a unique prefix (see 'pairobs quarantine list')")
        String sha;

        public Release(FileQuarantine quarantine) {
            this.quarantine = requireNonNull(quarantine, "quarantine is null");
        }

        @Override
        public Integer call() {
            Quarantine.Entry entry = quarantine.release(partner, sha);
            System.out.println("released " + entry.label() + ": the next run of " + entry.feed() + " (or the nightly) ingests it");
            return 0;
        }
    }

    @Component
    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Set a quarantined file aside for good: it leaves the quarantine and is never ingested; it stays in the "
                    + "landing area as evidence, the decision recorded in landing/<partner>/discarded.csv.")
    public static final class Discard implements Callable<Integer> {
        private final FileQuarantine quarantine;
        private final LandingArea landing;

        @Parameters(index = "0", description = "partner id")
        String partner;

        @Parameters(index = "1", description = "SHA-256 of the file, or a unique prefix (see 'pairobs quarantine list')")
        String sha;

        @Option(names = "--reason", required = true, description = "why, for the auditors")
        String reason;

        public Discard(FileQuarantine quarantine, LandingArea landing) {
            this.quarantine = requireNonNull(quarantine, "quarantine is null");
            this.landing = requireNonNull(landing, "landing is null");
        }

        @Override
        public Integer call() {
            java.util.List<Quarantine.Entry> matching = quarantine.ledger().open().stream()
                    .filter(e -> !e.isSource() && e.partner().equals(partner) && e.sha256().startsWith(sha)).toList();
            if (matching.size() == 1) {
                // the landing area first: a file discarded there is never ingested, whatever happens next
                landing.discard(partner, matching.get(0).sha256(), reason);
            }
            Quarantine.Entry entry = quarantine.ledger().discard(partner, sha);
            System.out.println("discarded " + entry.label() + ": it will not be ingested; the file stays in the landing area");
            return 0;
        }
    }
}
