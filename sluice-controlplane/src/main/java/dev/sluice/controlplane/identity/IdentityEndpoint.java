package dev.sluice.controlplane.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.controlplane.tokens.AmlTokenIssuer;
import dev.sluice.controlplane.tokens.AmlTokenIssuer.IssuedToken;
import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.error.StatusTable;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.Names;
import dev.sluice.core.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint of deployments' scoring code, in the shape of Azure's managed identity endpoint:
 * {@code GET $IDENTITY_ENDPOINT?resource=<endpoint>&api-version=2019-08-01} with {@code X-IDENTITY-HEADER:
 * $IDENTITY_HEADER} (or the older {@code Secret: $MSI_SECRET}) answers {@code {"access_token", "expires_on",
 * "resource", "token_type"}}: an aml_token for that endpoint of this server. Plain HTTP on loopback only, as Azure's
 * is; the header, an HMAC of the deployment's id, is what lets a caller in.
 */
public final class IdentityEndpoint {

    public static final String PATH_PREFIX = "/identity/";
    private static final Logger LOG = LoggerFactory.getLogger(IdentityEndpoint.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final StatusTable STATUS = StatusTable.defaults();
    private static final int MAX_ECHO = 80;

    private final Vertx vertx;
    private final Store store;
    private final IdentitySecrets secrets;
    private final AmlTokenIssuer issuer;
    private final WorkerExecutor workers;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    private IdentityEndpoint(Vertx vertx, Store store, IdentitySecrets secrets, AmlTokenIssuer issuer) {
        this.vertx = vertx;
        this.store = store;
        this.secrets = secrets;
        this.issuer = issuer;
        this.workers = vertx.createSharedWorkerExecutor("sluice-identity", 2);
    }

    public static IdentityEndpoint create(Vertx vertx, Store store, IdentitySecrets secrets, AmlTokenIssuer issuer) {
        return new IdentityEndpoint(Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(secrets, "secrets"), Objects.requireNonNull(issuer, "issuer"));
    }

    /** Binds 127.0.0.1:{@code port} (0: a free port) and answers the bound port. */
    public synchronized Future<Integer> start(int port) {
        HttpServer created = vertx.createHttpServer().requestHandler(this::handle);
        server = created;
        return created.listen(port, LOOPBACK).map(HttpServer::actualPort);
    }

    public synchronized Future<Void> stop() {
        HttpServer running = server;
        server = null;
        return (running == null ? Future.<Void>succeededFuture() : running.close()).eventually(workers::close);
    }

    /** The URL a deployment's scoring code calls, for {@code IDENTITY_ENDPOINT}. */
    public static String url(int port, DeploymentId id) {
        return "http://" + LOOPBACK + ":" + port + PATH_PREFIX + id.endpointName() + "/" + id.deploymentName() + "/token";
    }

    private void handle(HttpServerRequest request) {
        String[] parts = request.path().split("/", -1);
        // "", "identity", endpoint, deployment, "token"
        if (request.method() != HttpMethod.GET || parts.length != 5 || !parts[1].equals("identity")
                || !parts[4].equals("token")) {
            reply(request, SluiceException.of(ErrorCode.NOT_FOUND, "no such route (expected: GET "
                    + PATH_PREFIX + "{endpoint}/{deployment}/token?resource=...)"));
            return;
        }
        String header = request.getHeader("X-IDENTITY-HEADER");
        String secret = header != null ? header : request.getHeader("Secret");
        String resource = request.getParam("resource");
        workers.executeBlocking(() -> issue(new DeploymentId(parts[2], parts[3]), secret, resource), false)
                .onComplete(done -> {
                    if (done.succeeded()) {
                        request.response().putHeader("Content-Type", "application/json")
                                .end(Buffer.buffer(done.result().toString()));
                    } else {
                        reply(request, done.cause());
                    }
                });
    }

    private ObjectNode issue(DeploymentId caller, String secret, String resource) {
        if (!validName(caller.endpointName()) || !validName(caller.deploymentName())
                || !secrets.matches(caller, secret)
                || store.findDeployment(caller.endpointName(), caller.deploymentName()).isEmpty()) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "missing or wrong identity header (expected:"
                    + " X-IDENTITY-HEADER: $IDENTITY_HEADER of a deployment of this server)");
        }
        String target = endpointOf(resource);
        Endpoint endpoint = store.findEndpoint(target).orElseThrow(() -> SluiceException.badArgument("resource",
                shown(resource), "the name or scoring URI of an endpoint of this server; " + target + " does not exist"));
        if (endpoint.spec().authModeOrDefault() != AuthMode.AML_TOKEN) {
            throw SluiceException.badArgument("resource", shown(resource), "an aml_token endpoint; " + target
                    + " uses auth_mode " + endpoint.spec().authModeOrDefault().wire());
        }
        IssuedToken token = issuer.issue(target, "deployment:" + caller.endpointName() + "/" + caller.deploymentName());
        ObjectNode out = json.createObjectNode();
        out.put("access_token", token.accessToken());
        out.put("expires_on", Long.toString(token.expiresAt().getEpochSecond()));
        out.put("resource", resource);
        out.put("token_type", "Bearer");
        return out;
    }

    /** {@code my-endpoint}, {@code https://host:7443/endpoints/my-endpoint/score} or {@code https://my-endpoint.domain}. */
    static String endpointOf(String resource) {
        if (resource == null || resource.isBlank()) {
            throw SluiceException.badArgument("resource", "(missing)", "the name or scoring URI of an endpoint");
        }
        String r = resource.strip();
        if (validName(r)) {
            return r;
        }
        try {
            URI uri = URI.create(r);
            String path = uri.getPath() == null ? "" : uri.getPath();
            String[] segments = path.split("/");
            for (int i = 0; i + 1 < segments.length; i++) {
                if (segments[i].equals("endpoints") && validName(segments[i + 1])) {
                    return segments[i + 1];
                }
            }
            String host = uri.getHost();
            if (host != null && host.contains(".") && validName(host.substring(0, host.indexOf('.')))) {
                return host.substring(0, host.indexOf('.'));
            }
        } catch (IllegalArgumentException e) {
            // not a URI: reported below
        }
        throw SluiceException.badArgument("resource", shown(resource),
                "the name or scoring URI of an endpoint of this server");
    }

    private static boolean validName(String name) {
        try {
            Names.require("name", name);
            return true;
        } catch (SluiceException e) {
            return false;
        }
    }

    private static void reply(HttpServerRequest request, Throwable failure) {
        ErrorCode code = failure instanceof SluiceException e ? e.code() : ErrorCode.INTERNAL;
        String message = failure instanceof SluiceException e && code != ErrorCode.INTERNAL ? e.getMessage()
                : "internal error, see the server log";
        if (code == ErrorCode.INTERNAL) {
            LOG.error("identity endpoint failed on {}", request.path(), failure);
        }
        if (!request.response().ended()) {
            request.response().setStatusCode(STATUS.status(code)).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(ErrorBody.json(code, message, null)));
        }
    }

    private static String shown(String text) {
        return text == null ? "(missing)" : text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
