package fr.pairobs.remote;

import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.amqp.outbound.AmqpOutboundEndpoint;
import org.springframework.integration.amqp.support.DefaultAmqpHeaderMapper;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import static java.util.Objects.requireNonNull;

/**
 * The remote ingest of one process: the manager's partition handler (requests out through Spring Integration's AMQP
 * outbound endpoint, on a transacted channel) and the worker ({@link PartitionWorker}). Whether the ingest steps use it
 * is {@code pairobs.remote.enabled}; {@code pairobs worker} uses it whatever that says.
 */
public final class RemoteIngest implements AutoCloseable {
    private final RemoteProperties properties;
    private final Broker broker;
    private final WorkerRegistry registry;
    private final String specs;
    private final BeanFactory beanFactory;
    private final String datasourceUrl;

    public RemoteIngest(RemoteProperties properties, Broker broker, DataSource dataSource, String specs, BeanFactory beanFactory,
            String datasourceUrl) {
        this.properties = requireNonNull(properties, "properties is null");
        this.broker = requireNonNull(broker, "broker is null");
        this.registry = new WorkerRegistry(dataSource);
        this.specs = requireNonNull(specs, "specs is null");
        this.beanFactory = requireNonNull(beanFactory, "beanFactory is null");
        this.datasourceUrl = datasourceUrl == null ? "" : datasourceUrl;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    public RemoteProperties properties() {
        return properties;
    }

    public String specs() {
        return specs;
    }

    /**
     * The partition handler of an ingest step whose partitions the workers run: each request is sent, on the durable
     * queue, as {@link PartitionRequests} text with this process's spec fingerprint.
     */
    public PartitionHandler partitionHandler(String stepName, JobRepository jobRepository) {
        requireSharedRepository("pairobs.remote.enabled");
        AmqpOutboundEndpoint out = new AmqpOutboundEndpoint((AmqpTemplate) broker.template());
        out.setRoutingKey(properties.queue());
        DefaultAmqpHeaderMapper headers = DefaultAmqpHeaderMapper.outboundMapper();
        headers.setRequestHeaderNames("STANDARD_REQUEST_HEADERS", PartitionRequests.SPECS_HEADER);
        out.setHeaderMapper(headers);
        out.setBeanFactory(beanFactory);
        out.afterPropertiesSet();
        DirectChannel requests = new DirectChannel();
        requests.subscribe(message -> {
            broker.declareQueue();
            StepExecutionRequest request = (StepExecutionRequest) message.getPayload();
            out.handleMessage(MessageBuilder.withPayload(PartitionRequests.encode(request))
                    .copyHeaders(message.getHeaders())
                    .setHeader(PartitionRequests.SPECS_HEADER, specs)
                    .setHeader("contentType", "application/json")
                    .setHeader(org.springframework.amqp.support.AmqpHeaders.DELIVERY_MODE,
                            org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT)
                    .build());
        });
        MessagingTemplate template = new MessagingTemplate(requests);
        RemotePartitionHandler handler = new RemotePartitionHandler(jobRepository, registry, properties);
        handler.setMessagingOperations(template);
        handler.setStepName(stepName);
        try {
            handler.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return handler;
    }

    /** A worker taking this process's share of the partitions: {@code steps} gives the worker step of an ingest step name. */
    public PartitionWorker worker(JobRepository jobRepository, Function<String, Step> steps) {
        requireSharedRepository("pairobs worker");
        return new PartitionWorker(broker, registry, jobRepository, properties, specs, steps, beanFactory);
    }

    /** The manager and the workers meet in the job repository: an embedded H2 file is one process's own. */
    private void requireSharedRepository(String what) {
        if (datasourceUrl.startsWith("jdbc:h2:")) {
            throw new IllegalStateException(what + " needs the job repository every process shares (the postgres profile: "
                    + "--spring.profiles.active=postgres, PAIROBS_DB_URL); the embedded H2 file is this process's own");
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
