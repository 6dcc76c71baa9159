package dev.sluice.worker.http;

import dev.sluice.core.worker.WorkerConfig;
import java.time.Duration;

/**
 * The bounds a worker puts on each request: {@code max_concurrent_requests_per_instance} running (and as many
 * waiting), {@code max_queue_wait_ms} in the queue, {@code request_timeout_ms} in all, and a body size.
 */
public record RequestLimits(int maxConcurrent, Duration requestTimeout, Duration maxQueueWait, long maxBodyBytes) {

    public RequestLimits {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests: " + maxConcurrent + " (expected: at least 1)");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeoutMs: " + requestTimeout.toMillis() + " (expected: at least 1)");
        }
        if (maxQueueWait.isNegative()) {
            throw new IllegalArgumentException("maxQueueWaitMs: " + maxQueueWait.toMillis() + " (expected: 0 or more)");
        }
    }

    public static RequestLimits of(WorkerConfig config, long maxBodyBytes) {
        return new RequestLimits(config.maxConcurrentRequests(), config.requestTimeout(), config.maxQueueWait(),
                maxBodyBytes);
    }
}
