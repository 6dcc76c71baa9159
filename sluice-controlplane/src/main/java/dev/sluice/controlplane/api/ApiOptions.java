package dev.sluice.controlplane.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the management API listens and what it tells clients.
 *
 * @param host             the address to bind, such as {@code 127.0.0.1}
 * @param port             the port to bind; 0 picks a free one ({@link ManagementApi#start()} answers which)
 * @param tls              the PEM certificate and key to serve HTTPS with, or null for plain HTTP
 * @param maxArtifactBytes the largest artifact upload accepted, as sent and once extracted
 * @param gatewayUrl       the gateway's base URL, for {@code scoring_uri} and {@code swagger_uri}
 * @param version          the server version that {@code GET /api/v1/server} reports
 */
public record ApiOptions(String host, int port, PemFiles tls, long maxArtifactBytes, String gatewayUrl,
                         String version) {

    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 8L * 1024 * 1024 * 1024;
    public static final String DEFAULT_VERSION = "0.1.0-SNAPSHOT";

    /** A certificate chain and its private key, both PEM files. */
    public record PemFiles(Path certificate, Path privateKey) {
        public PemFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    public ApiOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxArtifactBytes <= 0) {
            throw new IllegalArgumentException("maxArtifactBytes must be positive: " + maxArtifactBytes);
        }
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        version = version == null ? DEFAULT_VERSION : version;
    }

    /** Plain HTTP with the default artifact limit. */
    public static ApiOptions plain(String host, int port, String gatewayUrl) {
        return new ApiOptions(host, port, null, DEFAULT_MAX_ARTIFACT_BYTES, gatewayUrl, DEFAULT_VERSION);
    }

    public ApiOptions withTls(Path certificate, Path privateKey) {
        return new ApiOptions(host, port, new PemFiles(certificate, privateKey), maxArtifactBytes, gatewayUrl, version);
    }

    public ApiOptions withMaxArtifactBytes(long bytes) {
        return new ApiOptions(host, port, tls, bytes, gatewayUrl, version);
    }

    public ApiOptions withVersion(String newVersion) {
        return new ApiOptions(host, port, tls, maxArtifactBytes, gatewayUrl, newVersion);
    }
}
