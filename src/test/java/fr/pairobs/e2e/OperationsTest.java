package fr.pairobs.e2e;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import com.sun.net.httpserver.HttpServer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import fr.pairobs.PipelineContexts;
import fr.pairobs.batch.JobRunner;
import fr.pairobs.demo.DemoExports;
import fr.pairobs.ops.MetricsServer;
import fr.pairobs.ops.ProgressDisplay;
import fr.pairobs.pseudo.PseudonymKey;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator watches: a failed run calls the notification command and the webhook (with the
 * execution to restart, and nothing identifying), progress goes to the log when no terminal is
 * attached, and the Prometheus page shows Spring Batch's and PairObs's own metrics.
 */
class OperationsTest {
    @TempDir
    Path home;

    private HttpServer webhook;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> progressLog = new ListAppender<>();

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.stop(0);
        }
        ((Logger) LoggerFactory.getLogger(ProgressDisplay.class)).detachAppender(progressLog);
    }

    @Test
    void testFailureIsNotifiedProgressIsLoggedAndMetricsArePublished() throws Exception {
        PseudonymKey.generate("ops", home.resolve("secrets/pseudonym.key"));
        DemoExports.Result demo = new DemoExports().generate(home, 11, 0.05);
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/pairobs", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                posted.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        webhook.start();
        Path notified = home.resolve("notified.env");

        try (ConfigurableApplicationContext context = PipelineContexts.start(home,
                c -> c.registerBean("fault", IngestRestartTest.FailOnce.class, () -> new IngestRestartTest.FailOnce(3)),
                "pairobs.ingest.chunk-size=25", "pairobs.ingest.threads=1",
                "pairobs.notify.command=sh,-c,env | grep ^PAIROBS_ | sort > '" + notified + "'",
                "pairobs.notify.webhook=http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/pairobs",
                "pairobs.progress.interactive=never", "pairobs.progress.interval=0s")) {
            // after start-up: the application's logging configuration replaces earlier appenders
            progressLog.start();
            ((Logger) LoggerFactory.getLogger(ProgressDisplay.class)).addAppender(progressLog);
            JobRunner runner = context.getBean(JobRunner.class);
            JobRunner.Outcome failed = runner.run("nightly", LocalDate.of(2026, 3, 1), null);
            assertThat(failed.exitCode()).isEqualTo(1);
            long id = failed.execution().getId();

            List<String> env = Files.readAllLines(notified, StandardCharsets.UTF_8);
            assertThat(env).contains("PAIROBS_JOB=nightly", "PAIROBS_EXECUTION_ID=" + id, "PAIROBS_STATUS=FAILED",
                    "PAIROBS_RESTART=pairobs restart " + id);
            assertThat(env).anySatisfy(line -> assertThat(line).startsWith("PAIROBS_MESSAGE=").contains("injected fault"));
            assertThat(posted).hasSize(1);
            assertThat(posted.get(0)).startsWith("POST application/json {");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JsonMapper.builder().build().readValue(posted.get(0).substring(posted.get(0).indexOf('{')), Map.class);
            assertThat(body).containsEntry("job", "nightly").containsEntry("execution_id", Long.toString(id))
                    .containsEntry("status", "FAILED").containsEntry("restart", "pairobs restart " + id);
            for (String identifying : demo.identifyingValues()) {
                assertThat(posted.get(0)).doesNotContain(identifying);
                assertThat(String.join("\n", env)).doesNotContain(identifying);
            }

            JobRunner.Outcome restarted = runner.restart(id);
            assertThat(restarted.exitCode()).as(restarted.message()).isZero();
            assertThat(posted).as("a successful restart notifies nobody").hasSize(1);

            assertThat(progressLog.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).matches("ingest \\S+\\.peer_contacts .+\\.csv: [\\d,\u202f\u00a0]+ rows, \\d+ %, .* rows/s, ETA .*"))
                    .anySatisfy(line -> assertThat(line).matches("warehouse build: \\d+/\\d+ SQL file\\(s\\) run .*"));

            PrometheusMeterRegistry meters = context.getBean(PrometheusMeterRegistry.class);
            try (MetricsServer server = MetricsServer.start(meters, "127.0.0.1", 0)) {
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                String metrics = page.body();
                assertThat(metrics).contains("spring_batch_job_seconds_count", "spring_batch_step_seconds_count",
                        "jvm_memory_used_bytes");
                assertThat(metricValue(metrics, "pairobs_rows_written_total{")).as("rows written to the lake, all feeds")
                        .isEqualTo((double) demo.validRows());
                assertThat(metricValue(metrics, "pairobs_warehouse_published_total{")).as("one publish, by the restart").isEqualTo(1.0);
                assertThat(metricValue(metrics, "pairobs_warehouse_last_publish_seconds{")).isPositive();
            }
        }
    }

    /** Sum of every sample whose line starts with the prefix. */
    private static double metricValue(String page, String prefix) {
        return page.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
