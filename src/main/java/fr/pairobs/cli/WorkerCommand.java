package fr.pairobs.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import fr.pairobs.batch.FeedSteps;
import fr.pairobs.remote.PartitionWorker;
import fr.pairobs.remote.RemoteIngest;
import picocli.CommandLine.Command;

import static java.util.Objects.requireNonNull;

@Component
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run ingest partitions sent by the nightly (pairobs.remote.enabled=true on the manager) over RabbitMQ, "
                + "until stopped. Needs the job repository shared with the manager (postgres profile), the same config/ and jobs/, "
                + "and the landing area and lake on a path every process sees. On SIGTERM the partitions under way finish first. "
                + "A worker whose specs differ from the manager's refuses the partition it received and stops (exit code 4).")
public final class WorkerCommand implements Callable<Integer>,
        org.springframework.context.ApplicationListener<org.springframework.context.event.ContextClosedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    private final RemoteIngest remote;
    private final FeedSteps steps;
    private final JobRepository jobRepository;
    private final io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters;

    @picocli.CommandLine.Option(names = "--metrics-port", defaultValue = "-1",
            description = "Port of this worker's Prometheus metrics page (/metrics: rows, parts, partitions); -1 (default) turns it off.")
    int metricsPort;

    @picocli.CommandLine.Option(names = "--metrics-bind", defaultValue = "127.0.0.1",
            description = "Address the metrics page listens on. Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    private volatile PartitionWorker running;

    public WorkerCommand(RemoteIngest remote, FeedSteps steps, JobRepository jobRepository,
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters) {
        this.remote = requireNonNull(remote, "remote is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.meters = requireNonNull(meters, "meters is null");
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "pairobs-worker-stop"));
        fr.pairobs.ops.MetricsServer metrics = metricsPort < 0 ? null
                : fr.pairobs.ops.MetricsServer.start(meters, metricsBind, metricsPort);
        try (PartitionWorker worker = remote.worker(jobRepository, steps::workerStep)) {
            running = worker;
            worker.start();
            LOG.info("worker {} started; stop it with SIGTERM or Ctrl-C", worker.id().shown());
            while (!stopped.await(0, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (worker.awaitRefusal(java.time.Duration.ofMillis(500))) {
                    // a worker with other specs than the manager's must not take more partitions: it stops, the others go on
                    LOG.error("worker {} stops: its config/ and jobs/ differ from the manager's; deploy the same ones and start it "
                            + "again", worker.id().shown());
                    return 4;
                }
            }
            return 0;
        } finally {
            running = null;
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /**
     * On SIGTERM the application context closes: the worker stops taking requests and its partitions under way finish
     * here, before the job repository's connections and the broker's are closed with the context.
     */
    @Override
    public void onApplicationEvent(org.springframework.context.event.ContextClosedEvent event) {
        PartitionWorker worker = running;
        if (worker != null) {
            LOG.info("worker {} stopping: partitions under way finish first", worker.id().shown());
            worker.close();
        }
    }
}
