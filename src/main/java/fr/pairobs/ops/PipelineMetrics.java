package fr.pairobs.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import fr.pairobs.batch.PipelineEvents;
import fr.pairobs.pull.LandingArea;

import static java.util.Objects.requireNonNull;

/**
 * PairObs' own meters, beside the {@code spring.batch.job} and {@code spring.batch.step} timers
 * Spring Batch records through the observation registry: files landed, rows read, written and
 * rejected per feed, warehouse publishes.
 */
public final class PipelineMetrics implements PipelineEvents {
    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public void landed(String feed, LandingArea.Landing landing) {
        Counter.builder("pairobs.files.landed").description("partner files landed, new or already known")
                .tag("feed", feed).tag("new", String.valueOf(landing.newlyLanded())).register(registry).increment();
    }

    @Override
    public void ingestDone(String feed, String file, long read, long written, long rejected) {
        Counter.builder("pairobs.rows.read").description("rows read from partner files").tag("feed", feed).register(registry)
                .increment(read);
        Counter.builder("pairobs.rows.written").description("rows written to the lake").tag("feed", feed).register(registry)
                .increment(written);
        Counter.builder("pairobs.rows.rejected").description("rows rejected (see pairobs rejects)").tag("feed", feed)
                .register(registry).increment(rejected);
    }

    @Override
    public void published(java.nio.file.Path current) {
        Counter.builder("pairobs.warehouse.published").description("warehouse files published").register(registry).increment();
        lastPublish.set(System.currentTimeMillis() / 1000);
    }

    private final java.util.concurrent.atomic.AtomicLong lastPublish = new java.util.concurrent.atomic.AtomicLong();

    /** Registers the gauges that read state kept here. */
    public PipelineMetrics bindGauges() {
        io.micrometer.core.instrument.Gauge.builder("pairobs.warehouse.last.publish", lastPublish, java.util.concurrent.atomic.AtomicLong::doubleValue)
                .description("epoch seconds of the last warehouse publish by this process (0: none yet)")
                .baseUnit("seconds").register(registry);
        return this;
    }
}
