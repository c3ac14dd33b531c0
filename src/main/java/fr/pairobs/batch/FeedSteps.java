package fr.pairobs.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.partition.Partitioner;
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
 * The three steps of a feed, built from its spec: {@code pull:<feed>} (inbox to landing),
 * {@code ingest:<feed>} (one partition per landed file not yet in the lake: CSV, normalize,
 * pseudonymize, Parquet parts) and {@code register:<feed>} (staging batches moved into the lake).
 */
public final class FeedSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FeedSteps.class);

    static final String FILE_SHA = "file.sha256";
    static final String FILE_PATH = "file.path";
    static final String FILE_SOURCE = "file.source";
    static final String FILE_PULLED_AT = "file.pulled_at";
    static final String FILE_PERIOD = "file.period";
    /** The byte range of the file this partition reads ({@link FileRanges.Range#line()}). */
    static final String FILE_RANGE = "file.range";
    /** Lists the ranges a staging batch was cut into, so that a restart reads the same ones. */
    static final String RANGES_FILE = "_RANGES";

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

    public FeedSteps(SpecCatalog catalog, PairObsProperties properties, Workspace workspace, LandingArea landing,
            JobRepository jobRepository, PlatformTransactionManager transactionManager, PseudonymKeyProvider keys,
            AsyncTaskExecutor ingestExecutor, List<StepListener> extraIngestListeners, PipelineEvents events,
            io.micrometer.observation.ObservationRegistry observations) {
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
                    List<LandingArea.Landing> landed = puller.pull(catalog.partner(feed.partner()), feed,
                            landing -> events.landed(feed.feed(), landing));
                    long fresh = landed.stream().filter(LandingArea.Landing::newlyLanded).count();
                    contribution.incrementReadCount();
                    contribution.incrementWriteCount(fresh);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(
                            fresh + " new file(s) landed, " + (landed.size() - fresh) + " already in the landing area"));
                    LOG.info("pull {}: {} new file(s), {} already landed", feed.feed(), fresh, landed.size() - fresh);
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    public Step ingest(FeedSpec feed) {
        String stepName = "ingest:" + feed.feed();
        Partitioner partitioner = gridSize -> {
            Map<String, ExecutionContext> partitions = new HashMap<>();
            for (LandedFile file : pending(feed)) {
                for (FileRanges.Range range : ranges(feed, file)) {
                    ExecutionContext context = new ExecutionContext();
                    context.putString(FILE_SHA, file.sha256());
                    context.putString(FILE_PATH, file.path().toString());
                    context.putString(FILE_SOURCE, file.sourceName());
                    context.putString(FILE_PULLED_AT, file.pulledAt().toString());
                    context.putString(FILE_PERIOD, periodOf(feed, file.sourceName()));
                    context.putString(FILE_RANGE, range.line());
                    partitions.put(LakeLayout.batchId(file.sha256()) + range.suffix(), context);
                }
            }
            return partitions;
        };
        return new StepBuilder(stepName, jobRepository)
                .observationRegistry(observations)
                .partitioner(stepName, partitioner)
                .partitionHandler(new PerFilePartitionHandler((partition, rejectCounts) -> worker(feed, partition, rejectCounts), ingestExecutor,
                        properties.ingest().threads(), jobRepository))
                .build();
    }

    public Step register(FeedSpec feed) {
        return new StepBuilder("register:" + feed.feed(), jobRepository)
                .observationRegistry(observations)
                .tasklet((contribution, chunkContext) -> {
                    int registered = 0;
                    for (LandedFile file : landing.files(feed.partner(), feed.feed())) {
                        Path staging = lake.stagingBatchDir(feed.dataset(), feed.partner(), file.sha256());
                        if (!ingested(staging)) {
                            continue;
                        }
                        Path target = lake.batchDir(feed.dataset(), feed.partner(), file.sha256());
                        if (Files.exists(target)) {
                            deleteRecursively(staging);
                            continue;
                        }
                        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                        registered++;
                        LOG.info("register {}: batch {} ({}) committed to the lake", feed.feed(),
                                LakeLayout.batchId(file.sha256()), file.sourceName());
                    }
                    contribution.incrementWriteCount(registered);
                    contribution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(registered + " batch(es) registered"));
                    return RepeatStatus.FINISHED;
                }, transactionManager)
                .build();
    }

    /**
     * The byte ranges of a landed file, one partition each: those recorded in its staging batch when an earlier
     * run began it (a restart must read the same ranges, whatever the range size is now), else a new cut.
     */
    private List<FileRanges.Range> ranges(FeedSpec feed, LandedFile file) {
        Path staging = lake.stagingBatchDir(feed.dataset(), feed.partner(), file.sha256());
        Path recorded = staging.resolve(RANGES_FILE);
        try {
            if (Files.exists(recorded)) {
                return FileRanges.read(recorded);
            }
            List<FileRanges.Range> ranges;
            if (Files.isDirectory(staging)) {
                // a batch begun before ranges were recorded was read whole
                ranges = List.of(FileRanges.Range.whole(Files.size(file.path())));
            } else {
                ranges = FileRanges.split(file.path(), feed.dialect(), properties.ingest().rangeBytes(), properties.ingest().threads());
            }
            Files.createDirectories(staging);
            FileRanges.write(recorded, ranges);
            if (ranges.size() > 1) {
                LOG.info("ingest {}: {} cut into {} ranges of about {} MB, read at once by up to {} thread(s)", feed.feed(),
                        file.sourceName(), ranges.size(), Files.size(file.path()) / ranges.size() / (1024 * 1024),
                        properties.ingest().threads());
            }
            return ranges;
        } catch (IOException e) {
            throw new IllegalStateException("cannot cut " + file.sourceName() + " into ranges in " + staging + ": " + e.getMessage(), e);
        }
    }

    /** A staging batch is ingested when every range of its file has written its marker. */
    static boolean ingested(Path staging) throws IOException {
        Path recorded = staging.resolve(RANGES_FILE);
        if (!Files.exists(recorded)) {
            return Files.exists(staging.resolve(LakeLayout.INGESTED_MARKER));
        }
        for (FileRanges.Range range : FileRanges.read(recorded)) {
            if (!Files.exists(staging.resolve(LakeLayout.INGESTED_MARKER + range.suffix()))) {
                return false;
            }
        }
        return true;
    }

    /** Landed files of the feed whose batch is not in the lake yet. */
    List<LandedFile> pending(FeedSpec feed) {
        return landing.files(feed.partner(), feed.feed()).stream()
                .filter(f -> !lake.isRegistered(feed.dataset(), feed.partner(), f.sha256()))
                .filter(f -> !landing.isDiscarded(feed.partner(), f.sha256()))
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

    private Step worker(FeedSpec feed, StepExecution partition, Map<String, java.util.concurrent.atomic.AtomicLong> rejectCounts) {
        ExecutionContext context = partition.getExecutionContext();
        String sha = context.getString(FILE_SHA);
        String source = context.getString(FILE_SOURCE);
        FileRanges.Range range = rangeOf(context);
        String suffix = range == null ? "" : range.suffix();
        DatasetSpec dataset = catalog.dataset(feed.dataset());
        BatchLineage lineage = new BatchLineage(feed.partner(), feed.feed(), sha, context.getString(FILE_PERIOD),
                Instant.parse(context.getString(FILE_PULLED_AT)), partition.getJobExecutionId());
        LocalDate runDate = RunParameters.runDate(partition.getJobExecution().getJobParameters());
        Path staging = lake.stagingBatchDir(feed.dataset(), feed.partner(), sha);
        Path rejectsFile = rejectsFile(workspace, feed, context);

        CsvSourceReader reader = new CsvSourceReader(Path.of(context.getString(FILE_PATH)), source, feed.dialect(),
                RowNormalizer.expectedColumns(feed), properties.ingest().maxLineChars(), range);
        RowNormalizer normalizer = new RowNormalizer(feed, dataset, new Pseudonymizer(keys.key()), lineage, runDate);
        LakeBatchWriter writer = new LakeBatchWriter(staging, LakeLayout.schema(dataset), ParquetWriteOptions.defaults(),
                "part" + suffix + "-");
        RejectsLog rejects = new RejectsLog(rejectsFile, source, lineage);
        // the limit is per file: the ranges of one file count their rejects together
        java.util.concurrent.atomic.AtomicLong fileRejects = rejectCounts.computeIfAbsent(sha,
                k -> new java.util.concurrent.atomic.AtomicLong());
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
                .listener((StepExecutionListener) new IngestedMarker(staging, source, LakeLayout.INGESTED_MARKER + suffix));
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

    /** The range an ingest partition reads, from its execution context; null for a partition of a whole file. */
    static FileRanges.Range rangeOf(ExecutionContext context) {
        return context.containsKey(FILE_RANGE) ? FileRanges.Range.parse(context.getString(FILE_RANGE)) : null;
    }

    /**
     * The rejects file of an ingest partition, from its execution context: {@code rejects.csv} of the batch for a
     * whole file, {@code rejects-r03.csv} for a range; null when the context is not an ingest partition's.
     */
    public static Path rejectsFile(Workspace workspace, FeedSpec feed, ExecutionContext context) {
        if (!context.containsKey(FILE_SHA)) {
            return null;
        }
        FileRanges.Range range = rangeOf(context);
        return workspace.rejects().resolve(feed.dataset()).resolve("partner=" + feed.partner())
                .resolve("batch=" + LakeLayout.batchId(context.getString(FILE_SHA)))
                .resolve("rejects" + (range == null ? "" : range.suffix()) + ".csv");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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

    /** Marks a staging batch complete once its step has, so that register may move it. */
    private record IngestedMarker(Path staging, String source, String marker) implements StepExecutionListener {
        /** A marker left by an earlier run of this range says nothing of this one: it is written again at the end. */
        @Override
        public void beforeStep(StepExecution stepExecution) {
            try {
                Files.deleteIfExists(staging.resolve(marker));
            } catch (IOException e) {
                throw new IllegalStateException("cannot clear the marker of batch " + staging + ": " + e.getMessage(), e);
            }
        }

        @Override
        public ExitStatus afterStep(StepExecution stepExecution) {
            if (stepExecution.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
                String summary = "source=" + source + "\nread=" + stepExecution.getReadCount() + "\nwritten="
                        + stepExecution.getWriteCount() + "\nrejected=" + stepExecution.getProcessSkipCount()
                        + "\nstep_execution_id=" + stepExecution.getId() + "\n";
                try {
                    Files.createDirectories(staging);
                    Files.writeString(staging.resolve(marker), summary, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot mark batch " + staging + " as ingested", e);
                }
                return ExitStatus.COMPLETED.addExitDescription(stepExecution.getWriteCount() + " row(s) written, "
                        + stepExecution.getProcessSkipCount() + " rejected");
            }
            return stepExecution.getExitStatus();
        }
    }
}
