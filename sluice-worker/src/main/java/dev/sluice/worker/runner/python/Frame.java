package dev.sluice.worker.runner.python;

import java.util.Objects;

/**
 * One frame of the worker ↔ runner protocol.
 *
 * @param kind what it carries
 * @param id   the request it belongs to (an unsigned 64-bit number on the wire); 0 for READY and INIT_FAILED
 * @param meta UTF-8 JSON object, opaque to the codec (empty means {@code {}})
 * @param body raw bytes, passed through untouched
 */
public record Frame(FrameKind kind, long id, byte[] meta, byte[] body) {

    private static final byte[] EMPTY = new byte[0];

    public Frame {
        Objects.requireNonNull(kind, "kind");
        meta = meta == null ? EMPTY : meta;
        body = body == null ? EMPTY : body;
    }
}
