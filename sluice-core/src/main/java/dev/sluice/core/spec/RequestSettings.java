package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** A deployment's {@code request_settings}, with Azure's defaults filled in by {@link #withDefaults()}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestSettings(
        @JsonProperty("request_timeout_ms") Integer requestTimeoutMs,
        @JsonProperty("max_concurrent_requests_per_instance") Integer maxConcurrentRequestsPerInstance,
        @JsonProperty("max_queue_wait_ms") Integer maxQueueWaitMs) {

    public static final int DEFAULT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_MAX_CONCURRENT = 1;
    public static final int DEFAULT_MAX_QUEUE_WAIT_MS = 500;

    public static RequestSettings defaults() {
        return new RequestSettings(DEFAULT_TIMEOUT_MS, DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_QUEUE_WAIT_MS);
    }

    public RequestSettings withDefaults() {
        return new RequestSettings(
                requestTimeoutMs == null ? DEFAULT_TIMEOUT_MS : requestTimeoutMs,
                maxConcurrentRequestsPerInstance == null ? DEFAULT_MAX_CONCURRENT : maxConcurrentRequestsPerInstance,
                maxQueueWaitMs == null ? DEFAULT_MAX_QUEUE_WAIT_MS : maxQueueWaitMs);
    }

    @JsonIgnore
    public Duration requestTimeout() {
        return Duration.ofMillis(withDefaults().requestTimeoutMs());
    }

    @JsonIgnore
    public int maxConcurrent() {
        return withDefaults().maxConcurrentRequestsPerInstance();
    }

    @JsonIgnore
    public Duration maxQueueWait() {
        return Duration.ofMillis(withDefaults().maxQueueWaitMs());
    }
}
