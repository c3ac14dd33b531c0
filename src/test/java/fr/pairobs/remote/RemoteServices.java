package fr.pairobs.remote;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The broker and the database the remote tests need: the machine's RabbitMQ (127.0.0.1:5672, guest) and PostgreSQL
 * (PAIROBS_TEST_POSTGRES_URL, or 127.0.0.1:5432 as postgres) when they answer; else containers where Docker runs; else
 * the test is skipped, saying what is missing. Each test gets a database and a queue of its own.
 */
final class RemoteServices implements AutoCloseable {
    private static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    final String rabbitHost;
    final int rabbitPort;
    final String rabbitUser;
    final String rabbitPassword;
    final String database;
    final String queue = "pairobs.test." + UUID.randomUUID().toString().substring(0, 8);
    private final String adminUrl;
    private final String adminUser;
    private final String adminPassword;
    private final List<AutoCloseable> containers = new ArrayList<>();

    private RemoteServices(String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword, String adminUrl,
            String adminUser, String adminPassword) throws Exception {
        this.rabbitHost = rabbitHost;
        this.rabbitPort = rabbitPort;
        this.rabbitUser = rabbitUser;
        this.rabbitPassword = rabbitPassword;
        this.adminUrl = adminUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.database = "pairobs_rp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    static RemoteServices start() throws Exception {
        String postgres = System.getenv().getOrDefault("PAIROBS_TEST_POSTGRES_URL", LOCAL_POSTGRES);
        String missing = "";
        if (!rabbitAnswers("127.0.0.1", 5672, "guest", "guest")) {
            missing += "RabbitMQ at 127.0.0.1:5672 (guest) does not answer; ";
        }
        if (!postgresAnswers(postgres)) {
            missing += "PostgreSQL at " + postgres.replaceAll("\\?.*", "") + " does not answer; ";
        }
        if (missing.isEmpty()) {
            return new RemoteServices("127.0.0.1", 5672, "guest", "guest", postgres, null, null);
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            Assumptions.abort("remote partitioning needs RabbitMQ and PostgreSQL: " + missing + "and no Docker engine for "
                    + "Testcontainers. Start them (.ci/run does: rabbitmq-server -detached, pg_ctlcluster ... start)");
        }
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:4-management-alpine");
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine");
        rabbit.start();
        pg.start();
        RemoteServices services = new RemoteServices(rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getAdminUsername(),
                rabbit.getAdminPassword(), pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
        services.containers.add(rabbit::stop);
        services.containers.add(pg::stop);
        return services;
    }

    private static com.rabbitmq.client.ConnectionFactory rabbit(String host, int port, String user, String password) {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout(3000);
        return factory;
    }

    private static boolean rabbitAnswers(String host, int port, String user, String password) {
        try (com.rabbitmq.client.Connection ignored = rabbit(host, port, user, password).newConnection("pairobs-test-probe")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean postgresAnswers(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    Connection admin() throws Exception {
        return adminUser == null ? DriverManager.getConnection(adminUrl) : DriverManager.getConnection(adminUrl, adminUser, adminPassword);
    }

    Connection connect() throws Exception {
        return adminUser == null ? DriverManager.getConnection(url()) : DriverManager.getConnection(url(), adminUser, adminPassword);
    }

    /** Whether the broker is the machine's own (not a container). */
    boolean local() {
        return containers.isEmpty();
    }

    /** The test's own database, with the admin's credentials in the URL when there are any there. */
    String url() {
        return adminUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }

    /** The settings every process of a test shares: the postgres profile on the test's database, the test's queue. */
    List<String> properties() {
        List<String> properties = new ArrayList<>(List.of("spring.profiles.active=postgres", "spring.datasource.url=" + url(),
                "pairobs.remote.queue=" + queue, "pairobs.remote.rabbitmq.host=" + rabbitHost,
                "pairobs.remote.rabbitmq.port=" + rabbitPort, "pairobs.remote.rabbitmq.username=" + rabbitUser,
                "pairobs.remote.heartbeat=PT1S", "pairobs.remote.worker-timeout=PT4S", "pairobs.remote.poll=PT0.5S"));
        properties.add("spring.datasource.username=" + (adminUser == null ? "" : adminUser));
        properties.add("spring.datasource.password=" + (adminPassword == null ? "" : adminPassword));
        return properties;
    }

    /** Where a child process finds the broker's password: an environment variable, as in production. */
    void environment(ProcessBuilder child) {
        child.environment().put("PAIROBS_RABBITMQ_PASSWORD", rabbitPassword);
    }

    @Override
    public void close() throws Exception {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } finally {
            try {
                try (com.rabbitmq.client.Connection c = rabbit(rabbitHost, rabbitPort, rabbitUser, rabbitPassword).newConnection();
                        com.rabbitmq.client.Channel ch = c.createChannel()) {
                    ch.queueDelete(queue);
                }
            } catch (Exception e) {
                // the queue stays behind: harmless, and named by the test
            }
            for (AutoCloseable container : containers) {
                container.close();
            }
        }
    }
}
