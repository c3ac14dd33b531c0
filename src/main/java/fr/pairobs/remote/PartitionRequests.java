package fr.pairobs.remote;

import java.util.Map;

import org.springframework.batch.integration.partition.StepExecutionRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition request as it crosses the broker: a small JSON text ({@code {"step":"ingest","step_execution_id":42}})
 * rather than a serialized Java object, so that a worker never deserializes classes chosen by whoever can write to the
 * queue; and, in a header, the fingerprint of the manager's specs, which a worker must share.
 */
public final class PartitionRequests {
    /** Message header: the manager's {@link fr.pairobs.feed.SpecFingerprint}. */
    public static final String SPECS_HEADER = "pairobs_specs";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_CHARS = 1000;

    private PartitionRequests() {
    }

    public static String encode(StepExecutionRequest request) {
        return JSON.writeValueAsString(Map.of("step", request.getStepName(), "step_execution_id", request.getStepExecutionId()));
    }

    /** The request a message holds; a message that is not one is refused with what is wrong with it. */
    public static StepExecutionRequest decode(Object payload) {
        String text = payload instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : payload instanceof String s ? s : null;
        if (text == null) {
            throw new IllegalArgumentException("not a partition request: a payload of " + payload.getClass().getSimpleName());
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("not a partition request: " + text.length() + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a partition request: not JSON");
        }
        JsonNode step = node == null ? null : node.get("step");
        JsonNode id = node == null ? null : node.get("step_execution_id");
        if (step == null || !step.isString() || !step.asString().matches("ingest(:[A-Za-z0-9._-]{1,90})?")) {
            throw new IllegalArgumentException("not a partition request: no ingest step name");
        }
        if (id == null || !id.isIntegralNumber() || id.asLong() <= 0) {
            throw new IllegalArgumentException("not a partition request: no step execution id");
        }
        return new StepExecutionRequest(step.asString(), id.asLong());
    }
}
