package dev.sluice.worker.runner.onnx;

import dev.sluice.worker.runner.v2.InferResponse;

/**
 * A request's answer and the number of requests that ran in its batch (1 when it ran alone).
 */
record Inferred(InferResponse response, int batchSize) {
}
