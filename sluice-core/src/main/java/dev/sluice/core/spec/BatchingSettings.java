package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * {@code sluice.batching}: dynamic batching for a triton_model (ONNX) deployment. Requests to one model that
 * arrive together are stacked along the first dimension, run as one, and split back. A batch runs as soon as
 * the model is free and holds up to {@code max_batch_size} requests; with a {@code max_queue_delay_ms} above 0
 * a batch that is not full waits up to that long after its first request for more, as Triton's dynamic
 * batcher does.
 *
 * @param maxBatchSize    the most requests in one batch (1..{@value #MAX_BATCH_SIZE}); required
 * @param maxQueueDelayMs how long a batch that is not full may wait for more requests (0..{@value #MAX_QUEUE_DELAY_MS});
 *                        default {@value #DEFAULT_MAX_QUEUE_DELAY_MS}: never wait
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchingSettings(
        @JsonProperty("max_batch_size") Integer maxBatchSize,
        @JsonProperty("max_queue_delay_ms") Integer maxQueueDelayMs) {

    public static final int MAX_BATCH_SIZE = 1024;
    public static final int MAX_QUEUE_DELAY_MS = 1000;
    public static final int DEFAULT_MAX_QUEUE_DELAY_MS = 0;

    public BatchingSettings withDefaults() {
        return new BatchingSettings(maxBatchSize,
                maxQueueDelayMs == null ? DEFAULT_MAX_QUEUE_DELAY_MS : maxQueueDelayMs);
    }

    @JsonIgnore
    public Duration maxQueueDelay() {
        return Duration.ofMillis(withDefaults().maxQueueDelayMs());
    }
}
