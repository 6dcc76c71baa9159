package dev.sluice.worker;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker's HTTP servers: one per event loop on each address it listens on, so that requests are read, parsed
 * and answered on every loop and not all on one. Vert.x serves a connection on the loop of the server that took
 * it; servers on one address share its socket and are handed its connections in turn. A server takes the loop of
 * the context it listens from, and a thread outside Vert.x always gets the same context, so each server listens
 * from an instance of a small verticle of its own (Vert.x gives the instances of a deployment loops in turn).
 */
final class HttpListeners {

    /**
     * Port 0 gives each server a random port of its own. A negative port is Vert.x's spelling of one random port
     * shared by the servers that ask for it with the same value.
     */
    private static final int SHARED_RANDOM_PORT = -1;

    private final Vertx vertx;
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final int loops;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    /** @param loops servers per address: the event loops of {@code vertx} */
    HttpListeners(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler, int loops) {
        this.vertx = vertx;
        this.options = options;
        this.handler = handler;
        this.loops = loops;
    }

    /** Listens on the options' host and port (0: a random port); completes with the port listened on. */
    Future<Integer> listenTcp() {
        int port = options.getPort() == 0 ? SHARED_RANDOM_PORT : options.getPort();
        HttpServerOptions tcp = new HttpServerOptions(options).setPort(port);
        return deploy(tcp, null).map(listening -> listening.get(0).actualPort());
    }

    /** Listens on a Unix domain socket at {@code path}, which must not exist. */
    Future<Void> listenSocket(String path) {
        return deploy(options, SocketAddress.domainSocketAddress(path)).mapEmpty();
    }

    /** Stops taking connections on every address; connections already taken are closed. */
    Future<Void> close() {
        return Future.join(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }

    /**
     * One server per loop on one address; completes with them once all listen.
     *
     * @param address where to listen, or null for the options' host and port
     */
    private Future<List<HttpServer>> deploy(HttpServerOptions serverOptions, SocketAddress address) {
        List<HttpServer> listening = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> new Listener(serverOptions, address, listening),
                new DeploymentOptions().setInstances(loops)).map(id -> {
                    servers.addAll(listening);
                    return listening;
                });
    }

    /** Listens with one server from the event loop Vert.x gave this instance. */
    private final class Listener extends VerticleBase {

        private final HttpServerOptions serverOptions;
        private final SocketAddress address;
        private final List<HttpServer> listening;

        Listener(HttpServerOptions serverOptions, SocketAddress address, List<HttpServer> listening) {
            this.serverOptions = serverOptions;
            this.address = address;
            this.listening = listening;
        }

        @Override
        public Future<?> start() {
            // Created and listened from this instance's context, which is what puts the server on its loop.
            HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(handler);
            listening.add(server);
            return address == null ? server.listen() : server.listen(address);
        }
    }
}
