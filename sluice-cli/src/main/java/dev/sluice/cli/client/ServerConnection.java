package dev.sluice.cli.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the management API is and how to talk to it.
 *
 * @param apiUrl the management API's base URL, such as {@code https://127.0.0.1:7070}
 * @param token  the admin token sent as {@code Authorization: Bearer}; never shown by {@link #toString()}
 * @param caCert the CA certificate (PEM) to trust exactly, or null to use the JDK's trust store
 * @param origin where these settings came from, for error messages ({@code --server} or a server.json path)
 */
public record ServerConnection(URI apiUrl, String token, Path caCert, String origin) {

    public ServerConnection {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String toString() {
        return "ServerConnection[apiUrl=" + apiUrl + ", token=***, caCert=" + caCert + ", origin=" + origin + "]";
    }
}
