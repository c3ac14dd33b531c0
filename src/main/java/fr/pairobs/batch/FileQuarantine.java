package fr.pairobs.batch;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.ingest.SourceFileException;
import fr.pairobs.lake.LakeBatch;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.Quarantine;

import static java.util.Objects.requireNonNull;

/**
 * How the nightly run isolates a partner's failure from the other feeds. A failure is the partner's when it is
 * about what the file holds (a {@link SourceFileException}: encoding, delimiter, header, malformed CSV, a line too
 * long; the reject limit crossed; the landed file unreadable) or when the partner's source cannot be pulled: then
 * the file or the source is quarantined with the reason ({@link Quarantine}) and the run goes on. Any other
 * failure (a fault of this machine, a bug) fails the step, to be restarted as before. What each step quarantined
 * is kept in its execution context ({@link #QUARANTINED}) for the run's report and its notification.
 */
public final class FileQuarantine {
    private static final Logger LOG = LoggerFactory.getLogger(FileQuarantine.class);
    /** Step execution context: one line per file or source this step quarantined. */
    public static final String QUARANTINED = "quarantine.opened";
    /** Partition execution context: why the file failed, when it is the file's fault (what it holds, the reject limit). */
    static final String PARTNER_FAULT = "file.partner_fault";

    private final Quarantine quarantine;
    private final SpecCatalog catalog;
    private final LakeLayout lake;
    private final Path rejectsRoot;

    public FileQuarantine(Quarantine quarantine, SpecCatalog catalog, LakeLayout lake, Path rejectsRoot) {
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.rejectsRoot = requireNonNull(rejectsRoot, "rejectsRoot is null");
    }

    public Quarantine ledger() {
        return quarantine;
    }

    boolean isQuarantined(FeedSpec feed, String sha256) {
        return quarantine.isQuarantined(feed.partner(), sha256);
    }

    Quarantine.Entry source(FeedSpec feed, Throwable failure, long jobExecutionId) {
        String reason = JobRunner.Outcome.message(failure);
        Quarantine.Entry entry = quarantine.quarantineSource(feed.partner(), feed.feed(), feed.dataset(),
                catalog.partner(feed.partner()).where(), reason, jobExecutionId);
        LOG.warn("pull {}: source quarantined, the other feeds go on: {}", feed.feed(), reason);
        return entry;
    }

    void sourceReachable(FeedSpec feed) {
        quarantine.sourceReachable(feed.partner(), feed.feed())
                .ifPresent(e -> LOG.info("pull {}: source reachable again, out of quarantine (since {})", feed.feed(), e.since()));
    }

    void superseded(FeedSpec feed, String period, String bySha256) {
        for (Quarantine.Entry entry : quarantine.supersede(feed.partner(), feed.feed(), period, bySha256)) {
            LOG.info("register {}: quarantined {} replaced by batch {}", feed.feed(), entry.label(), LakeLayout.batchId(bySha256));
        }
    }

    /** Releases a quarantined file: its staging batch and rejects are dropped, so that the next run reads it afresh. */
    public Quarantine.Entry release(String partner, String shaOrPrefix) {
        Quarantine.Entry entry = quarantine.release(partner, shaOrPrefix);
        LakeBatch batch = lake.batch(rejectsRoot, entry.dataset(), partner, entry.sha256());
        batch.discardStaging();
        batch.discardRejects();
        return entry;
    }

    /**
     * The partitioned ingest's aggregation: partitions that failed for their file's content quarantine the file and
     * count for nothing (nor do the other ranges of that file, whose rows are dropped with the staging batch); the
     * rest is aggregated as Spring Batch does, so any other failure still fails the step.
     */
    StepExecutionAggregator aggregator() {
        DefaultStepExecutionAggregator standard = new DefaultStepExecutionAggregator();
        return (result, executions) -> {
            Map<String, Quarantine.Entry> quarantined = new LinkedHashMap<>();
            for (StepExecution partition : executions) {
                if (partition.getStatus() != BatchStatus.FAILED) {
                    continue;
                }
                ExecutionContext context = partition.getExecutionContext();
                if (!context.containsKey(FeedSteps.FILE_SHA)) {
                    continue;
                }
                Optional<String> fault = context.containsKey(PARTNER_FAULT) ? Optional.of(context.getString(PARTNER_FAULT))
                        : partnerFault(partition.getFailureExceptions(), Path.of(context.getString(FeedSteps.FILE_PATH)))
                                .map(JobRunner.Outcome::message);
                if (fault.isEmpty()) {
                    continue;
                }
                String sha = context.getString(FeedSteps.FILE_SHA);
                FeedSpec feed = catalog.feed(context.getString(FeedSteps.FILE_FEED));
                if (!quarantined.containsKey(sha)) {
                    String reason = fault.get();
                    quarantined.put(sha, quarantine.quarantineFile(feed.partner(), feed.feed(), feed.dataset(), sha,
                            context.getString(FeedSteps.FILE_SOURCE), context.getString(FeedSteps.FILE_PERIOD), reason,
                            partition.getJobExecutionId()));
                    // the ranges that completed wrote parts that must not be committed; the rejects stay for the partner
                    lake.batch(rejectsRoot, feed.dataset(), feed.partner(), sha).discardStaging();
                    LOG.warn("ingest {}: {} quarantined, the other files go on: {}", feed.feed(), context.getString(FeedSteps.FILE_SOURCE),
                            reason);
                }
            }
            List<StepExecution> kept = new ArrayList<>();
            for (StepExecution partition : executions) {
                ExecutionContext context = partition.getExecutionContext();
                if (!context.containsKey(FeedSteps.FILE_SHA) || !quarantined.containsKey(context.getString(FeedSteps.FILE_SHA))) {
                    kept.add(partition);
                }
            }
            standard.aggregate(result, kept);
            record(result, quarantined.values().stream().map(FileQuarantine::line).toList());
            if (!quarantined.isEmpty() && result.getStatus() == BatchStatus.COMPLETED) {
                result.setExitStatus(result.getExitStatus().addExitDescription(quarantined.size() + " file(s) quarantined: "
                        + String.join("; ", quarantined.values().stream().map(FileQuarantine::line).toList())));
            }
        };
    }

    static String line(Quarantine.Entry entry) {
        return entry.label() + ": " + entry.reason();
    }

    /** Keeps what a step quarantined in its execution context. */
    static void record(StepExecution step, List<String> lines) {
        if (!lines.isEmpty()) {
            step.getExecutionContext().putString(QUARANTINED, String.join("\n", lines));
        }
    }

    /** What the steps of a run quarantined, one line each. */
    public static List<String> quarantined(JobExecution execution) {
        List<String> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StepExecution step : execution.getStepExecutions()) {
            ExecutionContext context = step.getExecutionContext();
            if (context != null && context.containsKey(QUARANTINED)) {
                for (String line : context.getString(QUARANTINED).split("\n")) {
                    if (seen.add(line)) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    /**
     * The partner's fault among a partition's failures: what the file holds, the reject limit, or the landed file
     * itself unreadable. A failure to write the lake or an injected fault is not the partner's.
     */
    static Optional<Throwable> partnerFault(Collection<Throwable> failures, Path landedFile) {
        for (Throwable failure : failures) {
            for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof SourceFileException || c instanceof IngestTasklet.TooManyRejectsException) {
                    return Optional.of(c);
                }
                if (c instanceof FileSystemException fs && fs.getFile() != null
                        && Path.of(fs.getFile()).toAbsolutePath().normalize().equals(landedFile.toAbsolutePath().normalize())) {
                    return Optional.of(new SourceFileException("the landed file " + landedFile.getFileName() + " cannot be read ("
                            + fs.getClass().getSimpleName() + "); check the landing area", fs));
                }
            }
        }
        return Optional.empty();
    }
}
