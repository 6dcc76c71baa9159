package dev.sluice.server;

import dev.sluice.controlplane.api.ApiOptions;
import dev.sluice.controlplane.api.ApiSecurity;
import dev.sluice.controlplane.api.ManagementApi;
import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.controller.Controller;
import dev.sluice.controlplane.controller.ControllerOptions;
import dev.sluice.controlplane.controller.HttpWorkerProbe;
import dev.sluice.controlplane.controller.PlatformVariables;
import dev.sluice.controlplane.controller.WorkerConfigs;
import dev.sluice.controlplane.environments.PythonEnvironmentOptions;
import dev.sluice.controlplane.identity.IdentityEndpoint;
import dev.sluice.controlplane.identity.IdentitySecrets;
import dev.sluice.controlplane.identity.IdentityVariables;
import dev.sluice.controlplane.environments.PythonEnvironmentResolver;
import dev.sluice.controlplane.local.LocalProcessBackend;
import dev.sluice.controlplane.local.WorkerCommand;
import dev.sluice.controlplane.logs.ConsoleLogs;
import dev.sluice.controlplane.service.DeploymentService;
import dev.sluice.controlplane.service.EndpointService;
import dev.sluice.controlplane.service.MutationLock;
import dev.sluice.controlplane.service.RegistryService;
import dev.sluice.controlplane.tokens.AccessTokenService;
import dev.sluice.controlplane.tokens.AmlTokenIssuer;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.home.ServerInfo;
import dev.sluice.core.routing.AtomicRoutingTable;
import dev.sluice.core.store.Store;
import dev.sluice.gateway.Gateway;
import dev.sluice.gateway.GatewayAuth;
import dev.sluice.gateway.GatewayOptions;
import dev.sluice.gateway.auth.OidcSettings;
import dev.sluice.server.home.AdminToken;
import dev.sluice.server.home.DataDirLock;
import dev.sluice.server.home.ServerInfoFile;
import dev.sluice.server.tls.LocalCertificateAuthority;
import dev.sluice.server.tls.TlsMaterial;
import dev.sluice.store.JdbcStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sluice server: the wiring of store, controller, gateway and management API, in the one place
 * where every module meets. {@link #start} returns once both ports are bound and {@code server.json} is written.
 */
public final class SluiceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> closeInReverse;
    private final ServerInfo info;
    private final String adminToken;
    private final TlsMaterial tls;

    private SluiceServer(Deque<AutoCloseable> closeInReverse, ServerInfo info, String adminToken, TlsMaterial tls) {
        this.closeInReverse = closeInReverse;
        this.info = info;
        this.adminToken = adminToken;
        this.tls = tls;
    }

    public static SluiceServer start(ServerSettings settings) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            return wire(settings, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static SluiceServer wire(ServerSettings settings, Deque<AutoCloseable> resources) {
        DataDir dataDir = settings.dataDir();
        resources.push(DataDirLock.acquire(dataDir.root()));
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        String adminToken = AdminToken.readOrCreate(dataDir.adminToken(), random);
        SigningKeyring keyring = SigningKeyring.loadOrCreate(dataDir.signingKeys(), clock);
        AmlTokenIssuer issuer = AmlTokenIssuer.create(keyring, clock);
        IdentitySecrets identitySecrets = IdentitySecrets.readOrCreate(dataDir.identitySecret(), random);
        TlsMaterial tls = tls(settings, clock);
        JdbcStore store = openStore(settings);
        resources.push(store);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicRoutingTable routing = AtomicRoutingTable.create();
        Scaling scaling = Scaling.create(store, clock);

        // Netty's epoll transport where it loads (Linux), NIO elsewhere: less CPU per request (see the pom).
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        resources.push(() -> await(vertx.close()));
        // Bound before any worker starts: each worker is told this address as IDENTITY_ENDPOINT.
        IdentityEndpoint identity = IdentityEndpoint.create(vertx, store, identitySecrets, issuer);
        int identityPort = bind(identity.start(settings.security().identityPort()), "identity endpoint",
                "--identity-port", settings.security().identityPort());
        resources.push(() -> await(identity.stop()));
        Controller controller = controller(settings, store, new Controller.Routing(routing, scaling.onDemand()), clock,
                resources, IdentityVariables.create(store, identitySecrets, () -> identityPort));

        Gateway gateway = Gateway.create(vertx, gatewayOptions(settings, tls), routing, registry, scaling.demand(),
                new GatewayAuth(keyring, settings.security().oidc(), clock));
        int gatewayPort = bind(gateway.start(), "gateway", "--gateway-port", settings.gatewayPort());
        resources.push(() -> await(gateway.stop()));
        String gatewayUrl = url(settings, tls, gatewayPort);

        MutationLock lock = MutationLock.create();
        ArtifactStore artifacts = ArtifactStore.create(dataDir, ApiOptions.DEFAULT_MAX_ARTIFACT_BYTES);
        Optional<String> oidcIssuer = settings.security().oidc().map(OidcSettings::issuer);
        ManagementApi api = ManagementApi.create(vertx, apiOptions(settings, tls, gatewayUrl),
                EndpointService.create(store, controller, lock, clock, random, issuer, oidcIssuer),
                DeploymentService.create(store, artifacts, controller, lock, clock),
                RegistryService.create(store, artifacts, lock, clock), artifacts, ConsoleLogs.create(dataDir, controller),
                scaling.api(), registry::scrape,
                new ApiSecurity(adminToken, AccessTokenService.create(store.tokens(), clock, random), keyring,
                        store.audit(), clock, oidcIssuer));
        int apiPort = bind(api.start(), "management API", "--api-port", settings.apiPort());
        resources.push(() -> await(api.stop()));

        ServerInfo info = new ServerInfo(url(settings, tls, apiPort), gatewayUrl,
                tls == null || tls.caCert() == null ? null : tls.caCert().toString(), ProcessHandle.current().pid());
        ServerInfoFile infoFile = ServerInfoFile.at(dataDir.serverJson());
        // Only now that both ports are bound: a server that cannot start must not touch the workers that an
        // earlier server left running (adopting them and then stopping them on the way out).
        controller.start();
        scaling.start(controller, gateway.traffic(), registry, resources);
        infoFile.write(info);
        resources.push(infoFile::delete);
        LOG.info("management API on {}, gateway on {}, data in {}", info.apiUrl(), info.gatewayUrl(), dataDir.root());
        // A silent fall-back to NIO costs CPU per request; say which transport runs.
        LOG.info("network transport: {}", vertx.isNativeTransportEnabled() ? "native (epoll)" : "NIO");
        return new SluiceServer(resources, info, adminToken, tls);
    }

    private static TlsMaterial tls(ServerSettings settings, Clock clock) {
        return switch (settings.tls()) {
            case GENERATED -> LocalCertificateAuthority.in(settings.dataDir().tls(), clock).ensure();
            case USER_FILES -> new TlsMaterial(settings.tlsCert(), settings.tlsKey(), null);
            case OFF -> null;
        };
    }

    private static JdbcStore openStore(ServerSettings settings) {
        return settings.storeUrl() == null ? JdbcStore.sqlite(settings.dataDir().database())
                : JdbcStore.open(settings.storeUrl(), System.getenv("SLUICE_STORE_USER"),
                        System.getenv("SLUICE_STORE_PASSWORD"));
    }

    /** The controller with local worker processes, not started yet: it adopts surviving workers when it starts. */
    private static Controller controller(ServerSettings settings, Store store, Controller.Routing routing,
                                         Clock clock, Deque<AutoCloseable> resources, PlatformVariables platform) {
        DataDir dataDir = settings.dataDir();
        long pid = ProcessHandle.current().pid();
        PythonEnvironmentResolver environments = PythonEnvironmentResolver.create(dataDir.environments(),
                PythonEnvironmentOptions.of(settings.python(), System.getenv()), clock);
        resources.push(environments);
        LocalProcessBackend workers = LocalProcessBackend.create(WorkerCommand.ofCurrentJvm(), dataDir.cache());
        Controller controller = Controller.create(store, workers,
                WorkerConfigs.create(dataDir, pid, settings.python(), platform), dataDir, routing, HttpWorkerProbe.create(pid),
                environments, clock, ControllerOptions.defaults());
        resources.push(controller);
        return controller;
    }

    private static ApiOptions apiOptions(ServerSettings settings, TlsMaterial tls, String gatewayUrl) {
        ApiOptions options = ApiOptions.plain(settings.host(), settings.apiPort(), gatewayUrl);
        return tls == null ? options : options.withTls(tls.certificate(), tls.privateKey());
    }

    private static String url(ServerSettings settings, TlsMaterial tls, int port) {
        return (tls == null ? "http" : "https") + "://" + urlHost(settings.host()) + ":" + port;
    }

    private static GatewayOptions gatewayOptions(ServerSettings settings, TlsMaterial tls) {
        GatewayOptions options = GatewayOptions.of(settings.host(), settings.gatewayPort())
                .withMaxRequestBytes(settings.maxRequestBytes())
                .withPrivateNetworks(settings.security().privateNetworks())
                .withMaxRps(settings.security().maxRps());
        if (tls != null) {
            options = options.withTls(tls.certificate(), tls.privateKey());
        }
        if (settings.domain() != null) {
            options = options.withDomain(settings.domain());
        }
        return options;
    }

    /** Clients reach a loopback or wildcard bind as localhost, the name the generated certificate carries. */
    private static String urlHost(String host) {
        return switch (host) {
            case "127.0.0.1", "0.0.0.0", "::", "::1", "localhost" -> "localhost";
            default -> host.contains(":") ? "[" + host + "]" : host;
        };
    }

    public ServerInfo info() {
        return info;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The CA clients should trust, or null when TLS is off or the user brought the certificate. */
    public java.nio.file.Path caCert() {
        return tls == null ? null : tls.caCert();
    }

    /** Stops taking requests, stops the workers and releases the data folder, in reverse order of start. */
    @Override
    public void close() {
        closeAll(closeInReverse);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable next = resources.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }

    /** A port in use is the most common start failure; say which flag picks another. */
    private static int bind(Future<Integer> start, String what, String flag, int port) {
        try {
            return await(start);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("in use") || e.getCause() instanceof java.net.BindException) {
                throw SluiceException.of(ErrorCode.CONFLICT, "the " + what + " cannot listen on port " + port
                        + ": it is in use (expected: a free port; pass " + flag + " N, or 0 for any free port)");
            }
            throw e;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r
                    : new IllegalStateException(cause == null ? e.toString() : cause.getMessage(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out after " + STARTUP_TIMEOUT, e);
        }
    }
}
