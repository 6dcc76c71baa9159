package dev.sluice.worker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The worker's one Jackson configuration. {@link WorkerOptions#defaults()} creates the mapper once and every part
 * of the worker that reads or writes JSON (worker.json, address.json, KServe v2 bodies, the Python runner's frame
 * meta) gets it from there.
 */
public final class WorkerJson {

    private WorkerJson() {
    }

    /**
     * Numbers go through Jackson's fast (and exact) floating-point parser and writer: with the JDK's, reading
     * and writing the JSON of a 256-float request took longer than running the MLP of bench/ on it.
     */
    public static ObjectMapper create() {
        return new ObjectMapper(JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build());
    }
}
