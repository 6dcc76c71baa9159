package dev.sluice.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesCodeMessageAndNullTargetInThatOrder() {
        assertThat(text(ErrorBody.json(ErrorCode.TOO_MANY_REQUESTS, "queue full", null)))
                .isEqualTo("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"queue full\",\"target\":null}}");
    }

    @Test
    void writesATargetAsAString() {
        assertThat(text(ErrorBody.json(ErrorCode.BAD_ARGUMENT, "traffic.blue: 120 (expected: 0..100)", "traffic.blue")))
                .isEqualTo("{\"error\":{\"code\":\"BadArgument\",\"message\":\"traffic.blue: 120 (expected: 0..100)\","
                        + "\"target\":\"traffic.blue\"}}");
    }

    @Test
    void escapesWhatJsonRequiresAndKeepsTheRestAsUtf8() throws Exception {
        String message = "endpoint 'a\"b\\c' does not exist\n\t\u0001 é ✓ </script>";
        JsonNode body = json.readTree(ErrorBody.json("NotFound", message, "x\"y"));

        assertThat(body.path("error").path("code").asText()).isEqualTo("NotFound");
        assertThat(body.path("error").path("message").asText()).isEqualTo(message);
        assertThat(body.path("error").path("target").asText()).isEqualTo("x\"y");
        assertThat(text(ErrorBody.json("NotFound", "é", null))).contains("\"message\":\"é\"");
    }

    @Test
    void aNullMessageIsEmpty() throws Exception {
        assertThat(json.readTree(ErrorBody.json(ErrorCode.INTERNAL, null, null)).path("error").path("message")
                .asText()).isEmpty();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
