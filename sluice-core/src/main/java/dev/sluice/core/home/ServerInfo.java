package dev.sluice.core.home;

/**
 * The content of {@code server.json}: how a CLI on the same machine finds a running server.
 *
 * @param caCert the CA certificate (PEM) to trust for both URLs, or null when TLS is off
 */
public record ServerInfo(String apiUrl, String gatewayUrl, String caCert, long pid) {
}
