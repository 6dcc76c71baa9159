package dev.sluice.worker.runner.v2;

import java.util.List;

/** The small fixed-shape answers of the protocol's health and server metadata routes. */
public final class Health {

    private Health() {
    }

    /** {@code GET /v2}: {@code {"name","version","extensions"}}. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
        public ServerMetadata {
            extensions = List.copyOf(extensions);
        }
    }

    /** {@code GET /v2/health/live}: {@code {"live": true}}. */
    public record ServerLive(boolean live) {
    }

    /** {@code GET /v2/health/ready}: {@code {"ready": true}}. */
    public record ServerReady(boolean ready) {
    }

    /** {@code GET /v2/models/{m}/ready}: {@code {"name", "ready"}}. */
    public record ModelReady(String name, boolean ready) {
    }
}
