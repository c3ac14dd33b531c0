package fr.pairobs.remote;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.integration.amqp.support.DefaultAmqpHeaderMapper;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;

import com.rabbitmq.client.Channel;

import static java.util.Objects.requireNonNull;

/**
 * {@code pairobs worker}: takes ingest partitions from the durable queue (Spring Integration's AMQP inbound adapter,
 * manual acknowledgements, one message at a time per thread) and runs each with Spring Batch's
 * {@link StepExecutionRequestHandler} against the shared job repository. A request is acknowledged once its partition
 * has ended, so a worker that dies leaves it on the queue; whoever receives it again runs it only if nobody has claimed
 * it ({@link WorkerRegistry#claim}), so no partition runs twice. A request from a manager whose specs differ from this
 * worker's is refused: the partition fails with both fingerprints named.
 */
public final class PartitionWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);

    private final Broker broker;
    private final WorkerRegistry registry;
    private final JobRepository jobRepository;
    private final RemoteProperties properties;
    private final String specs;
    private final Function<String, Step> steps;
    private final BeanFactory beanFactory;
    private final WorkerId worker = WorkerId.current();
    private SimpleMessageListenerContainer container;
    private AmqpInboundChannelAdapter adapter;
    private ScheduledExecutorService heartbeat;
    private final java.util.concurrent.CountDownLatch refused = new java.util.concurrent.CountDownLatch(1);

    /**
     * @param steps the worker step of an ingest step name ({@code ingest}, {@code ingest:<feed>})
     */
    public PartitionWorker(Broker broker, WorkerRegistry registry, JobRepository jobRepository, RemoteProperties properties,
            String specs, Function<String, Step> steps, BeanFactory beanFactory) {
        this.broker = requireNonNull(broker, "broker is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.jobRepository = requireNonNull(jobRepository, "jobRepository is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.beanFactory = requireNonNull(beanFactory, "beanFactory is null");
    }

    public WorkerId id() {
        return worker;
    }

    /** Registers the worker, starts its heartbeat and starts consuming. */
    public synchronized void start() {
        broker.declareQueue();
        registry.register(worker, properties.queue(), specs);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "worker-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                registry.beat(worker);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat not recorded: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);

        container = new SimpleMessageListenerContainer(broker.connections());
        container.setQueueNames(properties.queue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(1);
        container.setConcurrentConsumers(properties.workerThreads());
        container.setDefaultRequeueRejected(true);
        // on stop, the partitions under way finish (up to 30 minutes) before the channel closes
        container.setShutdownTimeout(java.time.Duration.ofMinutes(30).toMillis());
        DirectChannel requests = new DirectChannel();
        requests.subscribe(this::handle);
        adapter = new AmqpInboundChannelAdapter(container);
        DefaultAmqpHeaderMapper headers = DefaultAmqpHeaderMapper.inboundMapper();
        headers.setRequestHeaderNames("STANDARD_REQUEST_HEADERS", PartitionRequests.SPECS_HEADER);
        adapter.setHeaderMapper(headers);
        adapter.setOutputChannel(requests);
        adapter.setBeanFactory(beanFactory);
        adapter.afterPropertiesSet();
        adapter.start();
        LOG.info("worker {} takes ingest partitions from {} ({} at a time); specs {}", worker.shown(), broker.describe(),
                properties.workerThreads(), specs.substring(0, 12));
    }

    private void handle(Message<?> message) {
        Channel channel = (Channel) message.getHeaders().get(AmqpHeaders.CHANNEL);
        Long tag = (Long) message.getHeaders().get(AmqpHeaders.DELIVERY_TAG);
        // a worker stopping for its specs puts the request back for the others, untouched
        boolean done = refused.getCount() > 0 && tryProcess(message);
        try {
            if (done) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            // the channel went with the broker (restarted, cut off): the broker delivers the request again, and the
            // partition's status or claim makes it a no-op
            LOG.warn("partition request not acknowledged, the broker connection is gone: {}", e.toString());
        }
    }

    /** False when the request must go back to the queue. */
    private boolean tryProcess(Message<?> message) {
        try {
            process(message);
            return true;
        } catch (RuntimeException e) {
            // the job repository unreachable: the request goes back to the queue for this worker or another, a moment
            // later; if it was claimed before the failure, whoever receives it again sees the claim and leaves it
            LOG.warn("partition request put back on the queue: {}", e.getMessage());
            sleep();
            return false;
        }
    }

    private void process(Message<?> message) {
        StepExecutionRequest request;
        try {
            request = PartitionRequests.decode(message.getPayload());
        } catch (IllegalArgumentException e) {
            LOG.error("message dropped from {}: {}", properties.queue(), e.getMessage());
            return;
        }
        long id = request.getStepExecutionId();
        StepExecution partition = jobRepository.getStepExecution(id);
        if (partition == null) {
            LOG.error("request for step execution {} dropped: the job repository has none (is this worker on the manager's "
                    + "job repository, the postgres profile?)", id);
            return;
        }
        if (partition.getJobExecution() != null && !partition.getJobExecution().getStatus().isRunning()) {
            LOG.info("partition {} ({}) dropped: its run has ended {} (a restart sends its unfinished partitions again)",
                    partition.getStepName(), id, partition.getJobExecution().getStatus());
            return;
        }
        if (partition.getStatus() != BatchStatus.STARTING) {
            LOG.info("partition {} ({}) already {}: request delivered again, not run twice", partition.getStepName(), id,
                    partition.getStatus());
            return;
        }
        Object managerSpecs = message.getHeaders().get(PartitionRequests.SPECS_HEADER);
        if (!specs.equals(managerSpecs)) {
            refuse(partition, "worker " + worker.shown() + " refused partition " + partition.getStepName() + ": its feed specs "
                    + "differ from the manager's (worker " + specs.substring(0, 12) + ", manager "
                    + (managerSpecs == null ? "none" : managerSpecs.toString().substring(0, Math.min(12, managerSpecs.toString().length())))
                    + "); deploy the same config/ and jobs/ to every process, then 'pairobs restart'");
            return;
        }
        if (!registry.claim(id, partition.getStepName(), worker)) {
            LOG.info("partition {} ({}) already claimed by another worker: not run twice", partition.getStepName(), id);
            return;
        }
        try {
            StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
            handler.setJobRepository(jobRepository);
            handler.setStepLocator(steps::apply);
            StepExecution done = handler.handle(request);
            LOG.info("partition {} {}: {} read, {} written", done.getStepName(), done.getStatus(), done.getReadCount(),
                    done.getWriteCount());
        } finally {
            registry.ended(id);
        }
    }

    /**
     * Waits until this worker has refused a partition (its specs differ from the manager's: it must not take more) or
     * {@code timeout} passes; true when it has.
     */
    public boolean awaitRefusal(java.time.Duration timeout) throws InterruptedException {
        return refused.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refuse(StepExecution partition, String message) {
        LOG.error(message);
        refused.countDown();
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(message));
        partition.setStartTime(LocalDateTime.now());
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking requests; the partitions under way finish first. */
    @Override
    public synchronized void close() {
        if (adapter != null) {
            adapter.stop();
            adapter = null;
        }
        if (container != null) {
            container.stop();
            container = null;
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
            try {
                registry.stopped(worker);
            } catch (RuntimeException e) {
                LOG.warn("worker stop not recorded: {}", e.toString());
            }
        }
    }
}
