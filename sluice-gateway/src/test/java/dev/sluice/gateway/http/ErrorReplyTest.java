package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {

    @Test
    void bodyIsAzureShapedJsonWithTheMessageEscaped() {
        String message = "endpoint 'a\"b\\c' does not exist\n\u0001";
        JsonObject body = new JsonObject(ErrorReply.json(ErrorCode.NOT_FOUND, message));
        assertThat(body.getJsonObject("error").getString("code")).isEqualTo("ResourceNotFound");
        assertThat(body.getJsonObject("error").getString("message")).isEqualTo(message);
    }

    @Test
    void statusesFollowAzuresScoringContract() {
        assertThat(GatewayStatus.of(ErrorCode.UNAUTHORIZED)).isEqualTo(401);
        assertThat(GatewayStatus.of(ErrorCode.NOT_FOUND)).isEqualTo(404);
        assertThat(GatewayStatus.of(ErrorCode.REQUEST_TIMEOUT)).isEqualTo(408);
        assertThat(GatewayStatus.of(ErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo(413);
        assertThat(GatewayStatus.of(ErrorCode.MODEL_ERROR)).isEqualTo(424);
        assertThat(GatewayStatus.of(ErrorCode.TOO_MANY_REQUESTS)).isEqualTo(429);
        assertThat(GatewayStatus.of(ErrorCode.INSTANCE_FAILED)).isEqualTo(502);
        assertThat(GatewayStatus.of(ErrorCode.NO_READY_INSTANCE)).isEqualTo(503);
    }
}
