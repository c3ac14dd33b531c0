package fr.pairobs.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Function;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static java.util.Objects.requireNonNull;

/**
 * The RabbitMQ connection of a manager or a worker, opened on first use only (a night on local threads never connects),
 * and the durable queue of the partition requests, declared by whichever process comes first.
 */
public final class Broker implements AutoCloseable {
    private final RemoteProperties properties;
    private final Function<String, String> environment;
    private CachingConnectionFactory connections;

    public Broker(RemoteProperties properties, Function<String, String> environment) {
        this.properties = requireNonNull(properties, "properties is null");
        this.environment = requireNonNull(environment, "environment is null");
    }

    public synchronized CachingConnectionFactory connections() {
        if (connections == null) {
            RemoteProperties.Rabbitmq rabbit = properties.rabbitmq();
            CachingConnectionFactory factory = new CachingConnectionFactory(rabbit.host(), rabbit.port());
            factory.setUsername(rabbit.username());
            factory.setPassword(password(rabbit));
            factory.setVirtualHost(rabbit.virtualHost());
            factory.setConnectionNameStrategy(f -> "pairobs " + WorkerId.hostName() + "/" + ProcessHandle.current().pid());
            connections = factory;
        }
        return connections;
    }

    /** Declares the durable queue of the partition requests (nothing happens if it exists with the same settings). */
    public void declareQueue() {
        RabbitAdmin admin = new RabbitAdmin(connections());
        admin.setIgnoreDeclarationExceptions(false);
        admin.declareQueue(new Queue(properties.queue(), true, false, false));
    }

    /**
     * A template whose every send is committed by the broker before it returns (a transacted channel): a request sent
     * is on the durable queue, as a persistent message, and survives a restart of the broker.
     */
    public RabbitTemplate template() {
        RabbitTemplate template = new RabbitTemplate(connections());
        template.setChannelTransacted(true);
        template.setRoutingKey(properties.queue());
        return template;
    }

    public String describe() {
        RemoteProperties.Rabbitmq rabbit = properties.rabbitmq();
        return "amqp://" + rabbit.host() + ":" + rabbit.port() + rabbit.virtualHost() + " queue " + properties.queue();
    }

    private String password(RemoteProperties.Rabbitmq rabbit) {
        String fromEnv = environment.apply(rabbit.passwordEnv());
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        if (rabbit.passwordFile() != null) {
            try {
                return Files.readString(rabbit.passwordFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the RabbitMQ password file " + rabbit.passwordFile() + " (pairobs.remote"
                        + ".rabbitmq.password-file): " + e.getClass().getSimpleName(), e);
            }
        }
        return "guest";
    }

    @Override
    public synchronized void close() {
        if (connections != null) {
            connections.destroy();
            connections = null;
        }
    }
}
