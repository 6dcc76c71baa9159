package dev.sluice.gateway;

import dev.sluice.gateway.caller.CallerConnection;
import dev.sluice.gateway.caller.CallerLimits;
import dev.sluice.gateway.forward.ForwardContext;
import dev.sluice.gateway.forward.Mirror;
import dev.sluice.gateway.forward.WorkerConnections;
import dev.sluice.gateway.wake.WaitingRoom;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One event loop of the gateway: a server sharing the gateway's port, and its own keep-alive connections to the
 * workers, so a request and its worker connection live on the same thread. Vert.x accepts the connections (the
 * shared port, TLS, graceful shutdown); HTTP on them is plain Netty ({@link CallerConnection}).
 */
final class GatewayVerticle extends VerticleBase {

    /** Idle caller connections are closed after this; longer than the largest request timeout (300 s). */
    private static final Duration CALLER_IDLE_TIMEOUT = Duration.ofSeconds(330);
    /**
     * On stop, requests in flight get this long to finish while no new connection is accepted; longer than
     * the default request timeout, shorter than a service manager's patience.
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /**
     * Room for large bearer tokens (identity providers put group lists in them): a token over
     * {@code AmlTokens.MAX_TOKEN_CHARS} still gets a 401 that says so; only headers beyond this get a 431.
     */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final CallerLimits CALLER_LIMITS = new CallerLimits(MAX_HEADER_BYTES, CALLER_IDLE_TIMEOUT);

    private final GatewayShared shared;
    private final int port;
    private WorkerConnections workers;
    private NetServer server;
    private volatile int boundPort;

    GatewayVerticle(GatewayShared shared, int port) {
        this.shared = shared;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        workers = WorkerConnections.forCurrentLoop(vertx);
        ForwardContext context = new ForwardContext(vertx, workers, shared.load(),
                shared.options().maxRequestBytes());
        Mirror mirror = new Mirror(context, shared.mirrorSlots(), shared.states());
        ScoringHandler scoring = new ScoringHandler(shared, context, mirror,
                new WaitingRoom(vertx, shared.routing(), shared.demand()));
        return vertx.createNetServer(serverOptions())
                .connectHandler(socket -> serveHttp(socket, scoring))
                .listen(port, shared.options().host())
                .onSuccess(listening -> {
                    server = listening;
                    boundPort = listening.actualPort();
                });
    }

    /** Vert.x's socket handler stays last in the pipeline, for the close and shutdown events it handles. */
    private void serveHttp(NetSocket socket, ScoringHandler scoring) {
        ChannelHandlerContext socketHandler = ((NetSocketInternal) socket).channelHandlerContext();
        ChannelPipeline pipeline = socketHandler.pipeline();
        if (pipeline.get(ChunkedWriteHandler.class) != null) {
            // Vert.x's, for sending files over TLS: the gateway sends none, and it queues every write it passes.
            // Found by type, not by the name Vert.x gives it, which a Vert.x upgrade may change.
            pipeline.remove(ChunkedWriteHandler.class);
        }
        CallerConnection connection = CallerConnection.install(pipeline, socketHandler.name(),
                (ContextInternal) context, CALLER_LIMITS, scoring);
        socket.shutdownHandler(v -> connection.shutdown());
    }

    /** Stops accepting, lets requests in flight finish (bounded), then closes the worker connections. */
    @Override
    public Future<?> stop() {
        Future<Void> drained = server == null ? Future.succeededFuture()
                : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        return drained.andThen(done -> {
            if (workers != null) {
                workers.close();
            }
        });
    }

    /**
     * BoringSSL (netty-tcnative) when its native library loads on this platform: TLS is about half of the
     * gateway's CPU with the JDK's engine. Elsewhere the JDK engine serves the same protocols.
     */
    private static SSLEngineOptions sslEngine() {
        return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    }

    int boundPort() {
        return boundPort;
    }

    private NetServerOptions serverOptions() {
        NetServerOptions options = new NetServerOptions()
                .setTcpNoDelay(true);
        shared.options().tls().ifPresent(tls -> options
                .setSsl(true)
                .setUseAlpn(false)
                .setSslEngineOptions(sslEngine())
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certificatePem().toString())
                        .setKeyPath(tls.privateKeyPem().toString())));
        return options;
    }
}
