package dev.sluice.gateway;

import dev.sluice.core.error.SluiceException;
import dev.sluice.core.net.AddressRanges;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway listens and what it accepts. Build with {@link #of(String, int)} and the {@code with…}
 * methods; every value is checked here so that a bad option fails before anything binds.
 *
 * @param host                where to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port                the port; 0 picks a free one ({@link Gateway#start()} returns the bound port)
 * @param tls                 PEM certificate and key to serve HTTPS with; empty serves plain HTTP
 * @param domain              when present, {@code Host: {endpoint}.{domain}} routes to that endpoint
 * @param maxRequestBytes     the largest request body accepted; larger bodies are answered with 413
 * @param mirrorQueueCapacity how many mirror copies may be in flight at once; more are dropped and counted
 * @param serverInstances     how many event loops accept connections (one HTTP server and client each)
 * @param privateNetworks     the clients that endpoints with {@code public_network_access: disabled} answer
 * @param maxRps              requests per second per endpoint, unless the endpoint sets its own; 0: no limit
 */
public record GatewayOptions(String host, int port, Optional<Tls> tls, Optional<String> domain,
                             long maxRequestBytes, int mirrorQueueCapacity, int serverInstances,
                             AddressRanges privateNetworks, int maxRps) {

    /** 100 MiB, a generous bound for JSON and tensor payloads. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_MIRROR_QUEUE_CAPACITY = 128;

    /** The PEM files that the gateway serves HTTPS with. */
    public record Tls(Path certificatePem, Path privateKeyPem) {
        public Tls {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        }
    }

    public GatewayOptions {
        Objects.requireNonNull(host, "host");
        privateNetworks = privateNetworks == null ? AddressRanges.parse("--private-networks", AddressRanges.LOOPBACK)
                : privateNetworks;
        if (maxRps < 0) {
            throw SluiceException.badArgument("gateway.maxRps", maxRps, "0 (no limit) or more");
        }
        tls = tls == null ? Optional.empty() : tls;
        domain = domain == null ? Optional.empty() : domain.map(GatewayOptions::normalizeDomain);
        if (host.isBlank()) {
            throw SluiceException.badArgument("gateway.host", "''", "a host name or address");
        }
        if (port < 0 || port > 65535) {
            throw SluiceException.badArgument("gateway.port", port, "0..65535, 0 = any free port");
        }
        if (maxRequestBytes < 1) {
            throw SluiceException.badArgument("gateway.maxRequestBytes", maxRequestBytes, "at least 1");
        }
        if (mirrorQueueCapacity < 0) {
            throw SluiceException.badArgument("gateway.mirrorQueueCapacity", mirrorQueueCapacity, "0 or more");
        }
        if (serverInstances < 1) {
            throw SluiceException.badArgument("gateway.serverInstances", serverInstances, "at least 1");
        }
    }

    /** Plain HTTP on {@code host:port} with every other option at its default. */
    public static GatewayOptions of(String host, int port) {
        return new GatewayOptions(host, port, Optional.empty(), Optional.empty(), DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_MIRROR_QUEUE_CAPACITY, Runtime.getRuntime().availableProcessors(), null, 0);
    }

    public GatewayOptions withTls(Path certificatePem, Path privateKeyPem) {
        return new GatewayOptions(host, port, Optional.of(new Tls(certificatePem, privateKeyPem)), domain,
                maxRequestBytes, mirrorQueueCapacity, serverInstances,
                privateNetworks, maxRps);
    }

    public GatewayOptions withDomain(String newDomain) {
        return new GatewayOptions(host, port, tls, Optional.of(newDomain), maxRequestBytes, mirrorQueueCapacity,
                serverInstances, privateNetworks, maxRps);
    }

    public GatewayOptions withMaxRequestBytes(long bytes) {
        return new GatewayOptions(host, port, tls, domain, bytes, mirrorQueueCapacity, serverInstances,
                privateNetworks, maxRps);
    }

    public GatewayOptions withMirrorQueueCapacity(int capacity) {
        return new GatewayOptions(host, port, tls, domain, maxRequestBytes, capacity, serverInstances,
                privateNetworks, maxRps);
    }

    public GatewayOptions withServerInstances(int instances) {
        return new GatewayOptions(host, port, tls, domain, maxRequestBytes, mirrorQueueCapacity, instances,
                privateNetworks, maxRps);
    }

    public GatewayOptions withPrivateNetworks(AddressRanges networks) {
        return new GatewayOptions(host, port, tls, domain, maxRequestBytes, mirrorQueueCapacity, serverInstances,
                networks, maxRps);
    }

    public GatewayOptions withMaxRps(int rps) {
        return new GatewayOptions(host, port, tls, domain, maxRequestBytes, mirrorQueueCapacity, serverInstances,
                privateNetworks, rps);
    }

    private static String normalizeDomain(String raw) {
        String d = raw.trim().toLowerCase(Locale.ROOT);
        while (d.startsWith(".")) {
            d = d.substring(1);
        }
        if (d.isEmpty() || d.contains("/") || d.contains(":")) {
            throw SluiceException.badArgument("gateway.domain", "'" + raw + "'", "a DNS name such as example.com");
        }
        return d;
    }
}
