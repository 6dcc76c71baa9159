package dev.sluice.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID provider on loopback, as far as a relying party sees one: the discovery document and the JWKS, whose
 * keys a test changes (a rotation). Counts the JWKS fetches.
 */
final class TestIssuer implements AutoCloseable {

    final List<JWK> keys = new CopyOnWriteArrayList<>();
    final AtomicInteger jwksFetches = new AtomicInteger();
    private final HttpServer server;
    private final int port;

    private TestIssuer(HttpServer server) {
        this.server = server;
        this.port = server.actualPort();
    }

    static TestIssuer start(Vertx vertx) throws Exception {
        TestIssuer[] holder = new TestIssuer[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            TestIssuer issuer = holder[0];
            if (request.path().equals("/.well-known/openid-configuration")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"issuer\":\"" + issuer.url() + "\",\"jwks_uri\":\"" + issuer.url() + "/keys\"}");
            } else if (request.path().equals("/keys")) {
                issuer.jwksFetches.incrementAndGet();
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JWKSet(List.copyOf(issuer.keys)).toString(true));
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        holder[0] = new TestIssuer(server);
        return holder[0];
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
