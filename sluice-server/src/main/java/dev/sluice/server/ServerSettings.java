package dev.sluice.server;

import dev.sluice.core.home.DataDir;
import java.nio.file.Path;

/**
 * Everything {@code sluice server} can be told.
 *
 * @param host            the address both ports bind to; loopback unless the user opens it up
 * @param tls             whether and with which certificate both ports speak HTTPS
 * @param domain          for host-based routing ({@code https://{endpoint}.{domain}/score}), or null
 * @param storeUrl        a JDBC URL for PostgreSQL, or null for the embedded SQLite file in the data folder
 * @param python          the interpreter for score.py deployments, or null for {@code python3} on PATH
 * @param security        the OIDC provider, private networks, rate limit and identity port
 */
public record ServerSettings(DataDir dataDir, String host, int apiPort, int gatewayPort, TlsMode tls,
                             Path tlsCert, Path tlsKey, String domain, long maxRequestBytes, String storeUrl,
                             String python, SecuritySettings security) {

    public ServerSettings {
        security = security == null ? SecuritySettings.defaults() : security;
    }

    public static final int DEFAULT_API_PORT = 7070;
    public static final int DEFAULT_GATEWAY_PORT = 7443;
    /** 100 MiB: the default and the most a worker accepts, so a larger gateway limit would only move the 413. */
    public static final long MAX_REQUEST_BYTES = 100L * 1024 * 1024;

    /** How the ports speak: HTTPS with the server's own CA (default), HTTPS with the user's files, or HTTP. */
    public enum TlsMode { GENERATED, USER_FILES, OFF }

    /** Loopback, default ports, generated TLS: what {@code sluice server} does with no flags. */
    public static ServerSettings defaults(DataDir dataDir) {
        return new ServerSettings(dataDir, "127.0.0.1", DEFAULT_API_PORT, DEFAULT_GATEWAY_PORT, TlsMode.GENERATED,
                null, null, null, MAX_REQUEST_BYTES, null, null, SecuritySettings.defaults());
    }

    public ServerSettings withPorts(int api, int gateway) {
        return new ServerSettings(dataDir, host, api, gateway, tls, tlsCert, tlsKey, domain, maxRequestBytes,
                storeUrl, python, security);
    }

    public ServerSettings withMaxRequestBytes(long bytes) {
        return new ServerSettings(dataDir, host, apiPort, gatewayPort, tls, tlsCert, tlsKey, domain, bytes,
                storeUrl, python, security);
    }

    public ServerSettings withSecurity(SecuritySettings newSecurity) {
        return new ServerSettings(dataDir, host, apiPort, gatewayPort, tls, tlsCert, tlsKey, domain, maxRequestBytes,
                storeUrl, python, newSecurity);
    }

    public ServerSettings withTlsOff() {
        return new ServerSettings(dataDir, host, apiPort, gatewayPort, TlsMode.OFF, null, null, domain,
                maxRequestBytes, storeUrl, python, security);
    }
}
