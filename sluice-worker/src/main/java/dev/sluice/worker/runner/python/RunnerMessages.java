package dev.sluice.worker.runner.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON meta of each frame kind: what the worker tells the runner about a request, and what the runner's
 * RESPONSE, RUN_FAILED, READY and INIT_FAILED frames mean for the worker.
 */
final class RunnerMessages {

    /** A READY frame: which interpreter serves, as the runner itself reports it. */
    record Ready(long pid, String python, String executable) {
    }

    private final ObjectMapper json;

    RunnerMessages(ObjectMapper json) {
        this.json = json;
    }

    /** A REQUEST frame: method, path, query and headers as meta, the body untouched. */
    Frame request(long id, ScoringRequest request) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("method", request.method());
        meta.put("path", request.path());
        meta.put("query", request.query());
        meta.put("headers", request.headers());
        try {
            return new Frame(FrameKind.REQUEST, id, json.writeValueAsBytes(meta), request.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request meta: " + e.getMessage(), e);
        }
    }

    /** A RESPONSE frame as the answer it carries. */
    ScoringResult result(Frame frame) throws FrameFormatException {
        JsonNode meta = meta(frame);
        int status = meta.path("status").asInt(-1);
        if (status < 100 || status > 599) {
            throw new FrameFormatException("response status " + meta.path("status") + " (expected: 100..599)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        meta.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        return new ScoringResult(status, headers, frame.body());
    }

    /** A RUN_FAILED or INIT_FAILED frame as the Python failure it reports, with the error body a RUN_FAILED carries. */
    PythonFailure failure(Frame frame) throws FrameFormatException {
        JsonNode meta = meta(frame);
        return new PythonFailure(meta.path("error").asText("(no message)"), meta.path("traceback").asText(""),
                frame.body());
    }

    Ready ready(Frame frame) throws FrameFormatException {
        JsonNode meta = meta(frame);
        return new Ready(meta.path("pid").asLong(-1), meta.path("python").asText("?"),
                meta.path("executable").asText("?"));
    }

    private JsonNode meta(Frame frame) throws FrameFormatException {
        if (frame.meta().length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(frame.meta());
            if (node == null || !node.isObject()) {
                throw new FrameFormatException(frame.kind() + " meta is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new FrameFormatException(frame.kind() + " meta is not JSON: " + e.getMessage());
        }
    }
}
