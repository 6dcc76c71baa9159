package dev.sluice.core.routing;

/**
 * A ready instance that the gateway may send requests to.
 *
 * @param socket a Unix domain socket where the instance answers too, or null; when set the gateway connects
 *               there rather than to {@code host:port}
 */
public record InstanceRoute(String id, String host, int port, String socket) {

    /** An instance reached over TCP only. */
    public static InstanceRoute tcp(String id, String host, int port) {
        return new InstanceRoute(id, host, port, null);
    }
}
