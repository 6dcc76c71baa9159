package dev.sluice.gateway.forward;

import dev.sluice.core.routing.InstanceRoute;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.FileNotFoundException;
import java.net.ConnectException;

/**
 * Opens requests to workers over one event loop's keep-alive connection pool, on their Unix socket when they
 * have one.
 */
public final class Upstream {

    /**
     * Failures of a worker request reach the forward through its response future and body pipe; without a
     * handler, Vert.x would also log each one (every timeout resets a request) as unhandled.
     */
    public static final Handler<Throwable> REPORTED_ELSEWHERE = failure -> { };

    private final HttpClient client;

    private Upstream(HttpClient client) {
        this.client = client;
    }

    public static Upstream of(HttpClient client) {
        return new Upstream(client);
    }

    /**
     * A request to the instance, ready for headers and body. The future fails before anything is sent when no
     * connection can be had, which is what makes a retry on another instance safe.
     *
     * @param headers headers to send, or null to set them on the returned request
     */
    public Future<HttpClientRequest> open(InstanceRoute instance, HttpMethod method, String uri, MultiMap headers) {
        RequestOptions options = new RequestOptions()
                .setHost(instance.host())
                .setPort(instance.port())
                .setMethod(method)
                .setURI(uri);
        if (instance.socket() != null) {
            // Same machine: a Unix socket skips loopback TCP, about a tenth of the CPU a forwarded request costs.
            options.setServer(SocketAddress.domainSocketAddress(instance.socket()));
        }
        if (headers != null) {
            options.setHeaders(headers);
        }
        return client.request(options);
    }

    /**
     * True when the instance refused (or never accepted) the connection: nothing reached it. A Unix socket
     * whose file is gone (its worker stopped and removed it) reads as a {@link FileNotFoundException}.
     */
    public static boolean isRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof FileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
