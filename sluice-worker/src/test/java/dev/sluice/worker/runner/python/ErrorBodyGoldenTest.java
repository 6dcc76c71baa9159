package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorBody;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The Java error body writer against the golden bodies that the Python runner's {@code error_body} is tested on
 * (test_errors.py): a score.py deployment's failures look exactly like every other Sluice error.
 */
class ErrorBodyGoldenTest {

    static final Path GOLDEN = Path.of("src", "test", "python", "golden_error_bodies.json");
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesEveryGoldenBodyByteForByte() throws IOException {
        JsonNode bodies = new ObjectMapper().readTree(GOLDEN.toFile()).get("bodies");
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(5);
        for (JsonNode c : bodies) {
            String target = c.get("target").isNull() ? null : c.get("target").asText();
            byte[] written = ErrorBody.json(c.get("code").asText(), c.get("message").asText(), target);
            assertThat(HEX.formatHex(written)).as(c.get("name").asText()).isEqualTo(c.get("body_hex").asText());
        }
    }
}
