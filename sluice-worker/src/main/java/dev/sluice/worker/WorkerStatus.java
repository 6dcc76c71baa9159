package dev.sluice.worker;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.StatusTable;

/**
 * The worker's HTTP edge: the statuses of the answers it makes itself (503 not ready, 408, 429, 413) and of its
 * runners' own errors (400 bad input, 404 unknown model). Scoring code that failed is a 500, as Azure's inference
 * server answers it; the gateway turns that into the caller's 424.
 */
public final class WorkerStatus {

    public static final StatusTable TABLE = StatusTable.defaults().with(ErrorCode.MODEL_ERROR, 500);

    private WorkerStatus() {
    }
}
