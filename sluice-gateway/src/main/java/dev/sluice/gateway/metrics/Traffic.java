package dev.sluice.gateway.metrics;

/** Whether a request is a caller's own (live) or a background copy sent to the mirror deployment. */
public enum Traffic {
    LIVE("false"),
    MIRROR("true");

    private final String tag;

    Traffic(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code mirrored} label. */
    public String tag() {
        return tag;
    }
}
