package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.api.ApiStatus;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.gateway.http.GatewayStatus;
import dev.sluice.worker.WorkerStatus;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole status table of each HTTP edge, side by side as docs/internals.md shows them: a change here is a
 * change of an HTTP contract (the management API's, Azure's scoring codes at the gateway, the worker's).
 */
class StatusTablesTest {

    /** code → {API, gateway, worker}. */
    private static final Map<ErrorCode, int[]> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(ErrorCode.BAD_ARGUMENT, new int[] {400, 400, 400}),
            Map.entry(ErrorCode.NOT_SUPPORTED, new int[] {400, 400, 400}),
            Map.entry(ErrorCode.UNAUTHORIZED, new int[] {401, 401, 401}),
            Map.entry(ErrorCode.FORBIDDEN, new int[] {403, 403, 403}),
            Map.entry(ErrorCode.NOT_FOUND, new int[] {404, 404, 404}),
            Map.entry(ErrorCode.REQUEST_TIMEOUT, new int[] {408, 408, 408}),
            Map.entry(ErrorCode.CONFLICT, new int[] {409, 409, 409}),
            Map.entry(ErrorCode.PRECONDITION_FAILED, new int[] {412, 412, 412}),
            Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, new int[] {413, 413, 413}),
            Map.entry(ErrorCode.MODEL_ERROR, new int[] {424, 424, 500}),
            Map.entry(ErrorCode.TOO_MANY_REQUESTS, new int[] {429, 429, 429}),
            Map.entry(ErrorCode.INIT_FAILED, new int[] {500, 500, 500}),
            Map.entry(ErrorCode.ENVIRONMENT_FAILED, new int[] {500, 500, 500}),
            Map.entry(ErrorCode.INTERNAL, new int[] {500, 500, 500}),
            Map.entry(ErrorCode.INSTANCE_FAILED, new int[] {502, 502, 502}),
            Map.entry(ErrorCode.NOT_READY, new int[] {409, 503, 503}),
            Map.entry(ErrorCode.NO_READY_INSTANCE, new int[] {503, 503, 503})));

    @Test
    void everyCodeHasItsRowAndEveryEdgeItsColumn() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ErrorCode.values());
        assertThat(ApiStatus.TABLE.asMap()).as("management API").isEqualTo(expected(0));
        assertThat(GatewayStatus.TABLE.asMap()).as("gateway").isEqualTo(expected(1));
        assertThat(WorkerStatus.TABLE.asMap()).as("worker").isEqualTo(expected(2));
    }

    private static Map<ErrorCode, Integer> expected(int edge) {
        Map<ErrorCode, Integer> out = new EnumMap<>(ErrorCode.class);
        EXPECTED.forEach((code, statuses) -> out.put(code, statuses[edge]));
        return out;
    }
}
