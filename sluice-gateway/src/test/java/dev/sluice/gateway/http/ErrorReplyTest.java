package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.Map.entry;

import dev.sluice.core.error.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {

    /** The gateway's whole table: Azure's scoring status codes. A change here is a change of the HTTP contract. */
    @Test
    void theGatewaysStatusTableIsPinned() {
        assertThat(GatewayStatus.TABLE.asMap()).isEqualTo(Map.ofEntries(
                entry(ErrorCode.BAD_ARGUMENT, 400),
                entry(ErrorCode.NOT_SUPPORTED, 400),
                entry(ErrorCode.UNAUTHORIZED, 401),
                entry(ErrorCode.NOT_FOUND, 404),
                entry(ErrorCode.REQUEST_TIMEOUT, 408),
                entry(ErrorCode.CONFLICT, 409),
                entry(ErrorCode.PRECONDITION_FAILED, 412),
                entry(ErrorCode.PAYLOAD_TOO_LARGE, 413),
                entry(ErrorCode.MODEL_ERROR, 424),
                entry(ErrorCode.TOO_MANY_REQUESTS, 429),
                entry(ErrorCode.INIT_FAILED, 500),
                entry(ErrorCode.ENVIRONMENT_FAILED, 500),
                entry(ErrorCode.INTERNAL, 500),
                entry(ErrorCode.INSTANCE_FAILED, 502),
                entry(ErrorCode.NOT_READY, 503),
                entry(ErrorCode.NO_READY_INSTANCE, 503)));
        assertThat(GatewayStatus.of(ErrorCode.NO_READY_INSTANCE)).isEqualTo(503);
    }
}
