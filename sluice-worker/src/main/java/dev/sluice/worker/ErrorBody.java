package dev.sluice.worker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.scoring.ScoringResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON error body that every Sluice component answers with: {@code {"error":{"code":"…","message":"…"}}},
 * {@code code} being {@link ErrorCode#azureName()}.
 */
public record ErrorBody(ErrorCode code, String message) {

    private static final JsonFactory JSON = new JsonFactory();

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code, message);
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code.azureName());
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** As an answer of scoring code or a runner (no {@code x-sluice-error} header). */
    public ScoringResult toResult(int status) {
        return new ScoringResult(status, Map.of("content-type", "application/json"), toJson());
    }
}
