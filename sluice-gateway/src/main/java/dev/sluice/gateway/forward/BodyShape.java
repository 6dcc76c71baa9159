package dev.sluice.gateway.forward;

/** How a request carries its body, which decides how the gateway forwards it. */
public enum BodyShape {
    /** No body: neither Content-Length above zero nor Transfer-Encoding. */
    NONE,
    /**
     * Content-Length known up front (already checked against the limit); streamed as it arrives, or read whole
     * first when small.
     */
    SIZED,
    /** Transfer-Encoding chunked: streamed and counted on the way, failed once over the limit. */
    CHUNKED,
    /** Read completely first (small bodies, and mirrored requests, which are sent twice). */
    BUFFERED
}
