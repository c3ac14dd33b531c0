package fr.pairobs.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tells someone when a run fails: runs a command (the failure in environment variables
 * {@code PAIROBS_JOB}, {@code PAIROBS_EXECUTION_ID}, {@code PAIROBS_STATUS}, {@code PAIROBS_MESSAGE},
 * {@code PAIROBS_RESTART}, with {@code PATH}, and nothing else of this process's environment)
 * and/or POSTs a JSON document to a webhook. The message names steps and files, never a person.
 * A notification that cannot be delivered is logged; it never changes the run's outcome.
 */
public final class FailureNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(FailureNotifier.class);

    private final List<String> command;
    private final String webhook;
    private final Duration timeout;

    public FailureNotifier(List<String> command, String webhook, Duration timeout) {
        this.command = command == null ? List.of() : List.copyOf(command);
        this.webhook = webhook == null || webhook.isBlank() ? null : webhook;
        this.timeout = timeout;
    }

    public boolean enabled() {
        return !command.isEmpty() || webhook != null;
    }

    public void failed(String job, Long executionId, String status, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("job", job);
        fields.put("execution_id", executionId == null ? "" : executionId.toString());
        fields.put("status", status);
        fields.put("message", message);
        // a run that completed with a quarantined file or source is not restarted: the operator looks at the quarantine
        fields.put("restart", executionId == null ? ""
                : status.startsWith("COMPLETED") ? "pairobs quarantine list" : "pairobs restart " + executionId);
        if (!command.isEmpty()) {
            runCommand(fields);
        }
        if (webhook != null) {
            post(fields);
        }
    }

    private void runCommand(Map<String, String> fields) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            // a cleared environment: the key, database passwords and tokens of this process stay here
            Map<String, String> environment = builder.environment();
            String path = environment.get("PATH");
            environment.clear();
            environment.put("PATH", path == null ? "/usr/bin:/bin" : path);
            fields.forEach((k, v) -> environment.put("PAIROBS_" + k.toUpperCase(java.util.Locale.ROOT), v));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.warn("failure notification command {} did not finish within {}", command.get(0), timeout);
            } else if (process.exitValue() != 0) {
                LOG.warn("failure notification command {} exited with {}", command.get(0), process.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("failure notification command {} could not run: {}", command.get(0), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Map<String, String> fields) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook)).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JsonMapper.builder().build().writeValueAsString(fields),
                            StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("failure webhook answered HTTP {}", response.statusCode());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("failure webhook could not be called: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
