package dev.sluice.server;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.net.AddressRanges;
import dev.sluice.gateway.auth.OidcSettings;
import dev.sluice.worker.TermSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice server}: runs the management API, the gateway and the controller until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Sluice server: management API, gateway and controller, until stopped (Ctrl-C, SIGTERM).")
public final class ServerCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", description = "Data folder (default: $SLUICE_HOME, else ~/.sluice).")
    String dataDir;

    @Option(names = "--api-port", description = "Management API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int apiPort = ServerSettings.DEFAULT_API_PORT;

    @Option(names = "--gateway-port", description = "Scoring gateway port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int gatewayPort = ServerSettings.DEFAULT_GATEWAY_PORT;

    @Option(names = "--host", description = "Address both ports bind to (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--tls", description = "on (HTTPS with a generated local CA) or off (plain HTTP) (default: ${DEFAULT-VALUE}).")
    String tls = "on";

    @Option(names = "--tls-cert", description = "Your PEM certificate (chain) for both ports; needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Your PEM private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--domain", description = "Route https://{endpoint}.DOMAIN/score by host name (needs a certificate for *.DOMAIN).")
    String domain;

    @Option(names = "--max-request-bytes", description = "Largest scoring request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes = ServerSettings.MAX_REQUEST_BYTES;

    @Option(names = "--store-url", description = "JDBC URL of a PostgreSQL store (user and password from SLUICE_STORE_USER, SLUICE_STORE_PASSWORD); default: SQLite in the data folder.")
    String storeUrl;

    @Option(names = "--python", description = "Base Python interpreter for score.py deployments (default: the first of "
            + "python3 on PATH and /usr/bin/python3 that has the packages a deployment needs).")
    String python;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "The OpenID Connect provider whose tokens "
            + "aad_token endpoints take (its keys are found by discovery); needs --oidc-audience.")
    String oidcIssuer;

    @Option(names = "--oidc-audience", paramLabel = "AUDIENCE", description = "The audience (aud) those tokens must name.")
    String oidcAudience;

    @Option(names = "--oidc-jwks-url", paramLabel = "URL", description = "The provider's JWKS, when it has no discovery document.")
    String oidcJwksUrl;

    @Option(names = "--private-networks", paramLabel = "CIDRS", description = "Clients that endpoints with "
            + "public_network_access: disabled answer (default: ${DEFAULT-VALUE}).")
    String privateNetworks = AddressRanges.LOOPBACK;

    @Option(names = "--max-rps", paramLabel = "N", description = "Requests per second per endpoint, unless it sets "
            + "sluice.max_rps; beyond: 429 with Retry-After (default: ${DEFAULT-VALUE}, no limit).")
    int maxRps;

    @Option(names = "--identity-port", paramLabel = "PORT", description = "Loopback port of the token endpoint that "
            + "deployments call as IDENTITY_ENDPOINT; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int identityPort;

    private final Map<String, String> environment;
    private final String userHome;

    public ServerCommand(Map<String, String> environment, String userHome) {
        this.environment = environment;
        this.userHome = userHome;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerSettings settings = settings(DataDir.locate(dataDir, environment, userHome));
        SluiceServer server = SluiceServer.start(settings);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Sluice is serving. Management API: " + server.info().apiUrl()
                + "  Gateway: " + server.info().gatewayUrl());
        out.println("Data folder: " + settings.dataDir().root() + "   (Ctrl-C stops the server and its workers)");
        out.flush();
        runUntilStopped(server);
        return 0;
    }

    ServerSettings settings(DataDir dir) {
        ServerSettings.TlsMode mode = switch (tls) {
            case "on" -> tlsCert != null || tlsKey != null ? ServerSettings.TlsMode.USER_FILES : ServerSettings.TlsMode.GENERATED;
            case "off" -> ServerSettings.TlsMode.OFF;
            default -> throw SluiceException.badArgument("--tls", tls, "on | off");
        };
        if (mode == ServerSettings.TlsMode.USER_FILES && (tlsCert == null || tlsKey == null)) {
            throw SluiceException.badArgument(tlsCert == null ? "--tls-cert" : "--tls-key", "(missing)",
                    "both --tls-cert and --tls-key, PEM files");
        }
        for (int port : new int[] {apiPort, gatewayPort}) {
            if (port < 0 || port > 65535) {
                throw SluiceException.badArgument(port == apiPort ? "--api-port" : "--gateway-port", port, "0..65535");
            }
        }
        if (maxRequestBytes < 1 || maxRequestBytes > ServerSettings.MAX_REQUEST_BYTES) {
            throw SluiceException.badArgument("--max-request-bytes", maxRequestBytes, "1.." + ServerSettings.MAX_REQUEST_BYTES
                    + " (workers take bodies of at most 100 MiB)");
        }
        return new ServerSettings(dir, host, apiPort, gatewayPort, mode, tlsCert, tlsKey, domain, maxRequestBytes,
                storeUrl, python, security());
    }

    private SecuritySettings security() {
        if ((oidcIssuer == null) != (oidcAudience == null)) {
            throw SluiceException.badArgument(oidcIssuer == null ? "--oidc-issuer" : "--oidc-audience", "(missing)",
                    "both --oidc-issuer URL and --oidc-audience A");
        }
        Optional<OidcSettings> oidc = oidcIssuer == null ? Optional.empty()
                : Optional.of(new OidcSettings(oidcIssuer, oidcAudience, Optional.ofNullable(oidcJwksUrl)));
        return new SecuritySettings(oidc, AddressRanges.parse("--private-networks", privateNetworks), maxRps,
                identityPort);
    }

    /** Blocks until the JVM is asked to stop; the shutdown hook stops the server cleanly first. */
    static void runUntilStopped(SluiceServer server) throws InterruptedException {
        TermSignal.exitZeroOnTerm(System.err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        stopped.await();
    }
}
