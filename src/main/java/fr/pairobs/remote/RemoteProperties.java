package fr.pairobs.remote;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code pairobs.remote.*}: ingest partitions sent to {@code pairobs worker} processes over RabbitMQ.
 *
 * @param enabled whether the ingest steps send their partitions to the workers (false: local threads, the default)
 * @param queue the durable queue the partition requests go through
 * @param heartbeat how often a worker records that it is alive, and that its partitions are running
 * @param workerTimeout a running partition whose worker has not beaten for this long is failed (the worker is taken
 *        for dead: killed, frozen or cut off); it must exceed the longest pause a live worker can make (GC, disk)
 * @param poll how often the manager reads the job repository for its partitions' end
 * @param workerThreads partitions one worker runs at once
 * @param rabbitmq where the broker is
 */
@ConfigurationProperties("pairobs.remote")
public record RemoteProperties(boolean enabled, String queue, Duration heartbeat, Duration workerTimeout, Duration poll,
        int workerThreads, Rabbitmq rabbitmq) {
    public RemoteProperties {
        queue = queue == null || queue.isBlank() ? "pairobs.ingest.partitions" : queue;
        heartbeat = heartbeat == null ? Duration.ofSeconds(5) : heartbeat;
        workerTimeout = workerTimeout == null ? Duration.ofSeconds(60) : workerTimeout;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        workerThreads = workerThreads <= 0 ? 1 : workerThreads;
        rabbitmq = rabbitmq == null ? new Rabbitmq(null, 0, null, null, null, null) : rabbitmq;
        if (workerTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("pairobs.remote.worker-timeout (" + workerTimeout
                    + ") must be at least twice pairobs.remote.heartbeat (" + heartbeat + ")");
        }
    }

    /**
     * The broker. The password comes from the environment variable named by {@code passwordEnv}, else from
     * {@code passwordFile}, else it is RabbitMQ's own default, which the broker accepts from its own machine only.
     */
    public record Rabbitmq(String host, int port, String username, String virtualHost, String passwordEnv, Path passwordFile) {
        public Rabbitmq {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port <= 0 ? 5672 : port;
            username = username == null || username.isBlank() ? "guest" : username;
            virtualHost = virtualHost == null || virtualHost.isBlank() ? "/" : virtualHost;
            passwordEnv = passwordEnv == null || passwordEnv.isBlank() ? "PAIROBS_RABBITMQ_PASSWORD" : passwordEnv;
        }
    }
}
