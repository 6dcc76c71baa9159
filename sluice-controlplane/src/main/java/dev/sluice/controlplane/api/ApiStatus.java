package dev.sluice.controlplane.api;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.StatusTable;

/**
 * The management API's statuses (internals.md, "Management REST API"): the codes' defaults, except that a
 * resource that is not ready for the call is a conflict with its state (409), not a server that cannot serve.
 */
public final class ApiStatus {

    public static final StatusTable TABLE = StatusTable.defaults().with(ErrorCode.NOT_READY, 409);

    private ApiStatus() {
    }
}
