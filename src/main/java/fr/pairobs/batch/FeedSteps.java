package fr.pairobs.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.TaskletStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import fr.pairobs.PairObsProperties;
import fr.pairobs.Workspace;
import fr.pairobs.feed.DatasetSpec;
import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;
import fr.pairobs.ingest.BatchLineage;
import fr.pairobs.ingest.CsvSourceReader;
import fr.pairobs.ingest.FileRanges;
import fr.pairobs.ingest.RejectsLog;
import fr.pairobs.ingest.RowNormalizer;
import fr.pairobs.lake.ByteRange;
import fr.pairobs.lake.LakeBatch;
import fr.pairobs.lake.LakeBatchWriter;
import fr.pairobs.lake.LakeLayout;
import fr.pairobs.lake.ParquetWriteOptions;
import fr.pairobs.pseudo.PseudonymKeyProvider;
import fr.pairobs.pseudo.Pseudonymizer;
import fr.pairobs.pull.PartnerPuller;
import fr.pairobs.pull.LandedFile;
import fr.pairobs.pull.LandingArea;

import static java.util.Objects.requireNonNull;

/**
 * The steps that bring partner files into the lake, built from the feed specs:
 * <ul>
 * <li>one feed's {@code pull:<feed>} (inbox to landing), {@code ingest:<feed>} (one partition per landed file, or
 * byte range of one, not yet in the lake: CSV, normalize, pseudonymize, Parquet parts) and {@code register:<feed>}
 * (ingested staging batches committed to the lake); a failure fails the step;</li>
 * <li>the nightly's one pass over every feed: {@code pull:all} (every feed's source at once, bounded), {@code ingest}
 * (one partitioned step over every new file and range of every feed) and {@code register:all}. Here a source that
 * cannot be pulled or a file that fails for what it holds is quarantined ({@link FileQuarantine}) and the others go on.</li>
 * </ul>
 */
public final class FeedSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FeedSteps.class);

    /** The feed an ingest partition belongs to: one partitioned step ingests the files of every feed. */
    static final String FILE_FEED = "file.feed";
    static final String FILE_SHA = "file.sha256";
    static final String FILE_PATH = "file.path";
    static final String FILE_SOURCE = "file.source";
    static final String FILE_PULLED_AT = "file.pulled_at";
    static final String FILE_PERIOD = "file.period";
    /** The byte range of the file this partition reads ({@link ByteRange#line()}). */
    static final String FILE_RANGE = "file.range";
    /** The step of the nightly that pulls every feed, and the one that registers every feed's batches. */
    public static final String PULL_ALL = "pull:all";
    public static final String REGISTER_ALL = "register:all";
    /** The nightly's one partitioned ingest step; its partitions are {@code ingest:<feed>:<batch><range suffix>}. */
    public static final String INGEST_ALL = "ingest";

    private final SpecCatalog catalog;
    private final PairObsProperties properties;
    private final Workspace workspace;
    private final LandingArea landing;
    private final LakeLayout lake;
    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final PseudonymKeyProvider keys;
    private final AsyncTaskExecutor ingestExecutor;
    private final List<StepListener> extraIngestListeners;
    private final PipelineEvents events;
    private final io.micrometer.observation.ObservationRegistry observations;
    private final FileQuarantine quarantine;
    private final int pullThreads;
    private final fr.pairobs.remote.RemoteIngest remote;
    private final FileRejectCounts rejectCounts = new FileRejectCounts();

    public FeedSteps(SpecCatalog catalog, PairObsProperties properties, Workspace workspace, LandingArea landing,
            JobRepository jobRepository, PlatformTransactionManager transactionManager, PseudonymKeyProvider keys,
            AsyncTaskExecutor ingestExecutor, List<StepListener> extraIngestListeners, PipelineEvents events,
            io.micrometer.observation.ObservationRegistry observations, FileQuarantine quarantine, int pullThreads,
            fr.pairobs.remote.RemoteIngest remote) {
        this.remote = requireNonNull(remote, "remote is null");
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
        if (pullThreads < 1) {
            throw new IllegalArgumentException("pairobs.pull.threads must be at least 1, not " + pullThreads);
        }
        this.pullThreads = pullThreads;
        this.events = requireNonNull(events, "events is null");
        this.observations = requireNonNull(observations, "observations is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.landing = requireNonNull(landing, "landing is null");
        this.lake = new LakeLayout(workspace.lake());
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.ingestExecutor = requireNonNull(ingestExecutor, "ingestExecutor is null");
        this.extraIngestListeners = List.copyOf(extraIngestListeners);
    }

    public Step pull(FeedSpec feed) {
        PartnerPuller puller = new PartnerPuller(landing, workspace.home());
        return new StepBuilder("pull:" + feed.feed(), jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    List<LandingArea.Landing> landed = pullFeed(puller, feed);
                    long fresh = landed.stream().filter(LandingArea.Landing::newlyLanded).count();
                    contribution.incrementReadCount();
                    contribution.incrementWriteCount(fresh);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(
                            fresh + " new file(s) landed, " + (landed.size() - fresh) + " already in the landing area"));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    /**
     * {@code pull:all}: every partner pulled at once by up to {@code pairobs.pull.threads} threads, the feeds of one
     * partner in turn (one connection at a time to a partner's server; the landing area locks a partner's manifest per
     * process). A feed whose source cannot be pulled is quarantined with the reason and the others go on; its files
     * landed earlier are still ingested.
     */
    public Step pullAll(Collection<FeedSpec> feeds) {
        PartnerPuller puller = new PartnerPuller(landing, workspace.home());
        Map<String, List<FeedSpec>> byPartner = new LinkedHashMap<>();
        for (FeedSpec feed : feeds) {
            byPartner.computeIfAbsent(feed.partner(), p -> new ArrayList<>()).add(feed);
        }
        return new StepBuilder(PULL_ALL, jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(pullThreads, byPartner.size())),
                            runnable -> {
                                Thread thread = new Thread(runnable, "pull");
                                thread.setDaemon(true);
                                return thread;
                            });
                    Map<FeedSpec, Future<List<LandingArea.Landing>>> pulls = new LinkedHashMap<>();
                    try {
                        for (List<FeedSpec> partnerFeeds : byPartner.values()) {
                            Map<FeedSpec, java.util.concurrent.CompletableFuture<List<LandingArea.Landing>>> results = new LinkedHashMap<>();
                            partnerFeeds.forEach(feed -> results.put(feed, new java.util.concurrent.CompletableFuture<>()));
                            pulls.putAll(results);
                            pool.submit(() -> results.forEach((feed, result) -> {
                                try {
                                    result.complete(pullFeed(puller, feed));
                                } catch (Throwable t) {
                                    result.completeExceptionally(t);
                                }
                            }));
                        }
                        long fresh = 0;
                        long known = 0;
                        List<String> quarantined = new ArrayList<>();
                        for (Map.Entry<FeedSpec, Future<List<LandingArea.Landing>>> pull : pulls.entrySet()) {
                            FeedSpec feed = pull.getKey();
                            try {
                                List<LandingArea.Landing> landed = pull.getValue().get();
                                long newly = landed.stream().filter(LandingArea.Landing::newlyLanded).count();
                                fresh += newly;
                                known += landed.size() - newly;
                                quarantine.sourceReachable(feed);
                            } catch (ExecutionException e) {
                                quarantined.add(FileQuarantine.line(quarantine.source(feed, e.getCause(), step.getJobExecutionId())));
                            }
                        }
                        contribution.incrementReadCount();
                        contribution.incrementWriteCount(fresh);
                        FileQuarantine.record(step, quarantined);
                        contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(fresh + " new file(s) landed, " + known
                                + " already in the landing area" + (quarantined.isEmpty() ? ""
                                        : "; source(s) quarantined: " + String.join("; ", quarantined))));
                        return RepeatStatus.FINISHED;
                    } finally {
                        pool.shutdownNow();
                    }
                }, transactionManager)
                .build();
    }

    private List<LandingArea.Landing> pullFeed(PartnerPuller puller, FeedSpec feed) {
        List<LandingArea.Landing> landed = puller.pull(catalog.partner(feed.partner()), feed, landing -> events.landed(feed.feed(), landing));
        long fresh = landed.stream().filter(LandingArea.Landing::newlyLanded).count();
        LOG.info("pull {}: {} new file(s), {} already landed", feed.feed(), fresh, landed.size() - fresh);
        return landed;
    }

    public Step ingest(FeedSpec feed) {
        return ingest("ingest:" + feed.feed(), List.of(feed), false);
    }

    /**
     * {@code ingest}: one partitioned step over every new file and range of every feed. A file that fails for what it
     * holds is quarantined and its partitions do not fail the step; any other failure does, as in a feed's own job.
     */
    public Step ingestAll(Collection<FeedSpec> feeds) {
        return ingest(INGEST_ALL, feeds, true);
    }

    private Step ingest(String stepName, Collection<FeedSpec> feeds, boolean isolate) {
        Partitioner partitioner = gridSize -> {
            Map<String, ExecutionContext> partitions = new HashMap<>();
            for (FeedSpec feed : feeds) {
                for (LandedFile file : pending(feed)) {
                    for (ByteRange range : ranges(feed, file)) {
                        ExecutionContext context = new ExecutionContext();
                        context.putString(FILE_FEED, feed.feed());
                        context.putString(FILE_SHA, file.sha256());
                        context.putString(FILE_PATH, file.path().toString());
                        context.putString(FILE_SOURCE, file.sourceName());
                        context.putString(FILE_PULLED_AT, file.pulledAt().toString());
                        context.putString(FILE_PERIOD, periodOf(feed, file.sourceName()));
                        context.putString(FILE_RANGE, range.line());
                        // one feed's step names its partitions by batch; the nightly's by feed and batch
                        partitions.put((isolate ? feed.feed() + ":" : "") + LakeLayout.batchId(file.sha256()) + range.suffix(), context);
                    }
                }
            }
            return partitions;
        };
        PartitionHandler handler;
        if (remote.enabled()) {
            // the workers (pairobs worker) run the partitions; this step waits for their end in the job repository
            handler = remote.partitionHandler(stepName, jobRepository);
        } else {
            TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();
            local.setStep(workerStep(stepName));
            local.setTaskExecutor(ingestExecutor);
            local.setGridSize(properties.ingest().threads());
            handler = local;
        }
        var builder = new StepBuilder(stepName, jobRepository)
                .observationRegistry(observations)
                .partitioner(stepName, partitioner)
                .partitionHandler(handler);
        if (isolate) {
            builder.aggregator(quarantine.aggregator());
        }
        return builder.build();
    }

    public Step register(FeedSpec feed) {
        return register("register:" + feed.feed(), List.of(feed));
    }

    /** {@code register:all}: the ingested batches of every feed committed to the lake. */
    public Step registerAll(Collection<FeedSpec> feeds) {
        return register(REGISTER_ALL, feeds);
    }

    private Step register(String stepName, Collection<FeedSpec> feeds) {
        return new StepBuilder(stepName, jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    int registered = 0;
                    for (FeedSpec feed : feeds) {
                        for (LandedFile file : landing.files(feed.partner(), feed.feed())) {
                            LakeBatch batch = batch(feed, file.sha256());
                            if (!batch.isIngested() || quarantine.isQuarantined(feed, file.sha256())) {
                                continue;
                            }
                            if (!batch.commit()) {
                                continue;
                            }
                            registered++;
                            LOG.info("register {}: batch {} ({}) committed to the lake", feed.feed(), batch.id(), file.sourceName());
                            // a quarantined export of the same period is replaced: the gap it left is filled
                            quarantine.superseded(feed, periodOf(feed, file.sourceName()), file.sha256());
                        }
                    }
                    contribution.incrementWriteCount(registered);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(registered + " batch(es) registered"));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    LakeBatch batch(FeedSpec feed, String sha256) {
        return lake.batch(workspace.rejects(), feed.dataset(), feed.partner(), sha256);
    }

    /**
     * The byte ranges of a landed file, one partition each: those recorded in its staging batch when an earlier
     * run began it (a restart must read the same ranges, whatever the range size is now), else a new cut.
     */
    private List<ByteRange> ranges(FeedSpec feed, LandedFile file) {
        LakeBatch batch = batch(feed, file.sha256());
        try {
            List<ByteRange> ranges = batch.ranges(Files.size(file.path()), () -> FileRanges.split(file.path(), feed.dialect(),
                    properties.ingest().rangeBytes(), properties.ingest().threads(), properties.ingest().maxLineChars()));
            if (ranges.size() > 1) {
                LOG.info("ingest {}: {} cut into {} ranges of about {} MB", feed.feed(), file.sourceName(), ranges.size(),
                        Files.size(file.path()) / ranges.size() / (1024 * 1024));
            }
            return ranges;
        } catch (IOException e) {
            throw new IllegalStateException("cannot cut " + file.sourceName() + " into ranges in " + batch.staging() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Landed files of the feed whose batch is not in the lake yet. */
    List<LandedFile> pending(FeedSpec feed) {
        return landing.files(feed.partner(), feed.feed()).stream()
                .filter(f -> !lake.isRegistered(feed.dataset(), feed.partner(), f.sha256()))
                .filter(f -> !landing.isDiscarded(feed.partner(), f.sha256()))
                .filter(f -> !quarantine.isQuarantined(feed, f.sha256()))
                .toList();
    }

    static String periodOf(FeedSpec feed, String sourceName) {
        if (feed.files().period() != null) {
            Matcher m = Pattern.compile(feed.files().period()).matcher(sourceName);
            if (m.find()) {
                return m.group(1);
            }
        }
        // without a period in the name, a re-sent file of the same name supersedes the earlier one
        return sourceName;
    }

    /** The feed of an ingest partition: in its context, or (partitions begun before it was) in its name. */
    FeedSpec feedOf(StepExecution partition) {
        ExecutionContext context = partition.getExecutionContext();
        return catalog.feed(context.containsKey(FILE_FEED) ? context.getString(FILE_FEED) : partition.getStepName().split(":")[1]);
    }

    private Step worker(StepExecution partition) {
        FeedSpec feed = feedOf(partition);
        ExecutionContext context = partition.getExecutionContext();
        String sha = context.getString(FILE_SHA);
        if (quarantine.isQuarantined(feed, sha)) {
            // quarantined by an earlier attempt of this run: a restart does not read it again until it is released
            return new StepBuilder(partition.getStepName(), jobRepository).tasklet((contribution, chunkContext) -> {
                contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription("quarantined: not ingested"));
                return RepeatStatus.FINISHED;
            }, transactionManager).build();
        }
        String source = context.getString(FILE_SOURCE);
        ByteRange range = rangeOf(context);
        String suffix = range == null ? "" : range.suffix();
        DatasetSpec dataset = catalog.dataset(feed.dataset());
        BatchLineage lineage = new BatchLineage(feed.partner(), feed.feed(), sha, context.getString(FILE_PERIOD),
                Instant.parse(context.getString(FILE_PULLED_AT)), partition.getJobExecutionId());
        LocalDate runDate = RunParameters.runDate(partition.getJobExecution().getJobParameters());
        LakeBatch batch = batch(feed, sha);
        Path rejectsFile = batch.rejectsFile(suffix);

        CsvSourceReader reader = new CsvSourceReader(Path.of(context.getString(FILE_PATH)), source, feed.dialect(),
                RowNormalizer.expectedColumns(feed), properties.ingest().maxLineChars(), range);
        RowNormalizer normalizer = new RowNormalizer(feed, dataset, new Pseudonymizer(keys.key()), lineage, runDate);
        LakeBatchWriter writer = new LakeBatchWriter(batch.staging(), LakeLayout.schema(dataset), ParquetWriteOptions.defaults(),
                LakeBatch.partPrefix(suffix));
        RejectsLog rejects = new RejectsLog(rejectsFile, source, lineage);
        // the limit is per file: the ranges of one file count their rejects together
        java.util.concurrent.atomic.AtomicLong fileRejects = rejectCounts.of(partition.getJobExecutionId(), sha);
        String shown = range == null || range.isWhole() ? source : source + " (" + range.label() + ")";

        List<IngestListener> ingestListeners = extraIngestListeners.stream().filter(IngestListener.class::isInstance)
                .map(IngestListener.class::cast).toList();
        IngestTasklet tasklet = new IngestTasklet(reader, normalizer, writer, rejects, properties.ingest().chunkSize(),
                properties.ingest().maxRejects(), fileRejects, source, ingestListeners);
        // no observation registry here: the partition step above and the job are observed, and rows are
        // counted by PipelineMetrics
        TaskletStepBuilder builder = new StepBuilder(partition.getStepName(), jobRepository)
                .tasklet(tasklet, transactionManager)
                .stream(reader)
                .stream(writer)
                .stream(rejects)
                .listener((StepExecutionListener) new IngestedMarker(batch, source, suffix));
        ProgressListener progress = new ProgressListener(feed.feed(), shown, reader, events);
        builder.listener((StepExecutionListener) progress);
        builder.listener((org.springframework.batch.core.listener.ChunkListener<?, ?>) progress);
        for (StepListener listener : extraIngestListeners) {
            boolean used = listener instanceof IngestListener;
            if (listener instanceof StepExecutionListener stepListener) {
                builder.listener(stepListener);
                used = true;
            }
            if (listener instanceof org.springframework.batch.core.listener.ChunkListener<?, ?> chunkListener) {
                builder.listener(chunkListener);
                used = true;
            }
            if (!used) {
                // the ingest streams records without Spring Batch's item callbacks: such a listener would never be called
                throw new IllegalStateException("listener bean " + listener.getClass().getName() + " is an item or skip listener; "
                        + "ingest steps take IngestListener, ChunkListener and StepExecutionListener beans only");
            }
        }
        return builder.build();
    }

    /**
     * The step that runs one partition of the ingest step {@code name} ({@code ingest}, or {@code ingest:<feed>} of a feed's
     * own job): what a local thread or a {@code pairobs worker} runs.
     */
    public Step workerStep(String name) {
        if (!name.equals(INGEST_ALL) && !(name.startsWith("ingest:") && catalog.feeds().containsKey(name.substring("ingest:".length())))) {
            throw new IllegalArgumentException("no ingest step named '" + name + "'");
        }
        return new IngestWorkerStep(name, this::worker, jobRepository);
    }

    /** The range an ingest partition reads, from its execution context; null for a partition of a whole file. */
    static ByteRange rangeOf(ExecutionContext context) {
        return context.containsKey(FILE_RANGE) ? ByteRange.parse(context.getString(FILE_RANGE)) : null;
    }

    /**
     * The rejects file of an ingest partition, from its execution context: {@code rejects.csv} of the batch for a
     * whole file, {@code rejects-r03.csv} for a range; null when the context is not an ingest partition's.
     */
    public static Path rejectsFile(Workspace workspace, FeedSpec feed, ExecutionContext context) {
        if (!context.containsKey(FILE_SHA)) {
            return null;
        }
        ByteRange range = rangeOf(context);
        return new LakeLayout(workspace.lake()).batch(workspace.rejects(), feed.dataset(), feed.partner(), context.getString(FILE_SHA))
                .rejectsFile(range == null ? "" : range.suffix());
    }

    /** Tells the pipeline's observers how far through its file an ingest is, after each committed part and at the end. */
    private static final class ProgressListener implements org.springframework.batch.core.listener.ChunkListener<Object, Object>,
            StepExecutionListener {
        private final String feed;
        private final String source;
        private final CsvSourceReader reader;
        private final PipelineEvents events;
        private long rows;

        ProgressListener(String feed, String source, CsvSourceReader reader, PipelineEvents events) {
            this.feed = feed;
            this.source = source;
            this.reader = reader;
            this.events = events;
        }

        @Override
        public void afterChunk(org.springframework.batch.core.scope.context.ChunkContext context) {
            rows = reader.rowsRead();
            events.ingestProgress(feed, source, rows, reader.bytesRead(), reader.bytesTotal());
        }

        @Override
        public ExitStatus afterStep(StepExecution stepExecution) {
            // a failed step reports too: the parts it committed are in the staging batch and are not read again on restart
            events.ingestDone(feed, source, stepExecution.getReadCount(), stepExecution.getWriteCount(),
                    stepExecution.getProcessSkipCount());
            return null;
        }
    }

    /** Marks a range of a staging batch complete once its step has, so that register may commit the batch. */
    private record IngestedMarker(LakeBatch batch, String source, String suffix) implements StepExecutionListener {
        /** A marker left by an earlier run of this range says nothing of this one: it is written again at the end. */
        @Override
        public void beforeStep(StepExecution stepExecution) {
            batch.clearMarker(suffix);
        }

        @Override
        public ExitStatus afterStep(StepExecution stepExecution) {
            if (stepExecution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
                batch.markIngested(suffix, "source=" + source + "\nread=" + stepExecution.getReadCount() + "\nwritten="
                        + stepExecution.getWriteCount() + "\nrejected=" + stepExecution.getProcessSkipCount()
                        + "\nstep_execution_id=" + stepExecution.getId() + "\n");
                return ExitStatus.COMPLETED.addExitDescription(stepExecution.getWriteCount() + " row(s) written, "
                        + stepExecution.getProcessSkipCount() + " rejected");
            }
            return stepExecution.getExitStatus();
        }
    }
}
