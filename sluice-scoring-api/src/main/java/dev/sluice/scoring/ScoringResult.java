package dev.sluice.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What {@link ScoringScript#run} answers: a status, headers and a body.
 * The static factories cover the common cases; {@link #of} covers the rest (Azure's {@code AMLResponse}).
 */
public record ScoringResult(int status, Map<String, String> headers, byte[] body) {

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    public ScoringResult {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
        }
        headers = Map.copyOf(headers);
    }

    /** 200 with a body that already is JSON text. */
    public static ScoringResult json(String json) {
        return of(200, JSON, json);
    }

    /** 200 with plain text. */
    public static ScoringResult text(String text) {
        return of(200, TEXT, text);
    }

    /** Any status with a UTF-8 body of the given content type. */
    public static ScoringResult of(int status, String contentType, String body) {
        return new ScoringResult(status, Map.of("content-type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }
}
