package fr.pairobs.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.configuration.DuplicateJobException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;

import fr.pairobs.feed.FeedSpec;
import fr.pairobs.feed.SpecCatalog;

/**
 * The jobs of PairObs, read top to bottom:
 * <ul>
 * <li>one job per feed of {@code jobs/}: {@code pull:<feed>} → {@code ingest:<feed>} → {@code register:<feed>};</li>
 * <li>{@code nightly}: one pass over every feed, {@code pull:all} (every source at once) → {@code ingest} (one partitioned
 * step over every new file and range) → {@code register:all}, then {@code build} → {@code check} → {@code protect}
 * (open release) → {@code publish}. A source that cannot be pulled or a file that fails is quarantined and the night
 * goes on from the last good batches; a failure of build, check, protect or publish fails the night.</li>
 * </ul>
 * A failed run restarts from its failed step; steps already completed in that run are not repeated.
 */
public final class PipelineJobs {
    public static final String NIGHTLY = "nightly";

    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public PipelineJobs(SpecCatalog catalog, FeedSteps feedSteps, WarehouseSteps warehouseSteps, JobRepository jobRepository,
            JobRegistry registry, io.micrometer.observation.ObservationRegistry observations, GracefulStop gracefulStop,
            fr.pairobs.release.ReleaseSteps releaseSteps) {
        for (FeedSpec feed : catalog.feeds().values()) {
            jobs.put(feed.feed(), new JobBuilder(feed.feed(), jobRepository).observationRegistry(observations).listener(gracefulStop)
                    .start(feedSteps.pull(feed))
                    .next(feedSteps.ingest(feed))
                    .next(feedSteps.register(feed))
                    .build());
        }
        // one pass over every feed; a partner's failure is quarantined in the first three steps, not the night's
        SimpleJobBuilder nightly = new JobBuilder(NIGHTLY, jobRepository).observationRegistry(observations).listener(gracefulStop)
                .start(feedSteps.pullAll(catalog.feeds().values()))
                .next(feedSteps.ingestAll(catalog.feeds().values()))
                .next(feedSteps.registerAll(catalog.feeds().values()))
                .next(warehouseSteps.build());
        // protect writes and audits the open release; publish renames it into place with the warehouse
        jobs.put(NIGHTLY, nightly.next(warehouseSteps.check()).next(releaseSteps.protect()).next(warehouseSteps.publish()).build());
        for (Job job : jobs.values()) {
            try {
                if (!registry.getJobNames().contains(job.getName())) {
                    registry.register(job);
                }
            } catch (DuplicateJobException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Map<String, Job> all() {
        return java.util.Collections.unmodifiableMap(jobs);
    }

    public Optional<Job> find(String name) {
        return Optional.ofNullable(jobs.get(name));
    }
}
