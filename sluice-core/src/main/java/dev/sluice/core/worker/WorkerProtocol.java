package dev.sluice.core.worker;

/**
 * The HTTP contract between the controller/gateway and a worker, beyond forwarding user paths as they are.
 * Paths under {@link #RESERVED_PREFIX} belong to Sluice: the gateway never forwards them from callers.
 */
public final class WorkerProtocol {

    /** Paths that only Sluice itself may call on a worker. */
    public static final String RESERVED_PREFIX = "/.sluice/";

    /** 200 once init is complete and the runner is healthy; 503 before. Body: {"state": "..."}. */
    public static final String READY_PATH = "/.sluice/ready";

    /** 200 while the worker's HTTP loop answers at all. */
    public static final String LIVE_PATH = "/.sluice/live";

    /** Response headers with this prefix are the worker's notes to the gateway; callers never see them. */
    public static final String SLUICE_HEADER_PREFIX = "x-sluice-";

    /**
     * Set on answers that the worker itself produced (queue full, timeout, not ready, body too large) with the
     * {@code ErrorCode} name as value; answers without it come from the scoring code, and a non-2xx one of
     * those becomes a 424 at the gateway.
     */
    public static final String ERROR_HEADER = "x-sluice-error";

    /**
     * Sent by the controller on every probe: the pid of the server that looks after the worker now. A worker
     * adopted by a restarted server watches that process instead of the one that started it.
     */
    public static final String SERVER_PID_HEADER = "x-sluice-server-pid";

    /**
     * Set on every answer of a request that reached the worker's queue: microseconds it waited there for a
     * scoring slot. The gateway keeps it per deployment ({@code sluice_queue_wait_seconds}) and drops the header.
     */
    public static final String QUEUE_WAIT_HEADER = "x-sluice-queue-wait-us";

    /**
     * Set on inference answers of a deployment with {@code sluice.batching}: how many requests ran in the batch
     * that produced this answer (1 when it ran alone). The gateway drops it, as every {@code x-sluice-} header.
     */
    public static final String BATCH_SIZE_HEADER = "x-sluice-batch-size";

    /** Request header carrying the id that the worker's access log line shows. */
    public static final String REQUEST_ID_HEADER = "x-request-id";

    private WorkerProtocol() {
    }
}
