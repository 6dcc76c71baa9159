package dev.sluice.gateway.testkit;

import dev.sluice.gateway.GatewayOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's Vert.x and the gateways its tests start, so that no class repeats their lifecycle: every gateway
 * is closed after its test (after the class's own {@code @AfterEach}), Vert.x after the class.
 * {@code @RegisterExtension static final GatewayTests gateways = GatewayTests.create();}
 */
public final class GatewayTests implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Supplier<Vertx> factory;
    private final List<GatewayFixture> started = new ArrayList<>();
    private Vertx vertx;

    private GatewayTests(Supplier<Vertx> factory) {
        this.factory = factory;
    }

    public static GatewayTests create() {
        return new GatewayTests(Vertx::vertx);
    }

    /** On a Vert.x with these options, such as the native transport that Unix sockets need. */
    public static GatewayTests create(VertxOptions options) {
        return new GatewayTests(() -> Vertx.vertx(options));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = factory.get();
    }

    /** The class's Vert.x, for what a test starts besides gateways (workers, servers, timers). */
    public Vertx vertx() {
        if (vertx == null) {
            throw new IllegalStateException("GatewayTests makes Vert.x before a class's tests: register it static");
        }
        return vertx;
    }

    /** As {@link GatewayFixture#start(Vertx)}, closed after the test. */
    public GatewayFixture start() throws Exception {
        return track(GatewayFixture.start(vertx()));
    }

    /** As {@link GatewayFixture#start(Vertx, UnaryOperator)}, closed after the test. */
    public GatewayFixture start(UnaryOperator<GatewayOptions> customize) throws Exception {
        return track(GatewayFixture.start(vertx(), customize));
    }

    /** As {@link GatewayFixture#start(Vertx, UnaryOperator, HttpClientOptions)}, closed after the test. */
    public GatewayFixture start(UnaryOperator<GatewayOptions> customize, HttpClientOptions clientOptions)
            throws Exception {
        return track(GatewayFixture.start(vertx(), customize, clientOptions));
    }

    private GatewayFixture track(GatewayFixture gateway) {
        started.add(gateway);
        return gateway;
    }

    /** Closes them all even when one fails to close; the first failure is thrown, the others suppressed in it. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (GatewayFixture gateway : started) {
            try {
                gateway.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Vertx closing = vertx;
        vertx = null;
        if (closing != null) {
            GatewayFixture.await(closing.close());
        }
    }
}
