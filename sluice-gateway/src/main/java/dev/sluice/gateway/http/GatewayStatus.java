package dev.sluice.gateway.http;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.StatusTable;

/**
 * The gateway's HTTP edge: which status each {@link ErrorCode} is answered with. Azure's scoring codes are the
 * codes' defaults, so the gateway overrides none.
 */
public final class GatewayStatus {

    public static final StatusTable TABLE = StatusTable.defaults();

    /** Not a standard code: nginx's "client closed request", used only as a metrics label. */
    public static final int CLIENT_CLOSED = 499;

    private GatewayStatus() {
    }

    public static int of(ErrorCode code) {
        return TABLE.status(code);
    }
}
