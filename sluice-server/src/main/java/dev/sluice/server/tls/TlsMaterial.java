package dev.sluice.server.tls;

import java.nio.file.Path;

/**
 * The PEM files both HTTPS ports serve with.
 *
 * @param caCert the CA that clients should trust, or null when the user brought their own certificate
 */
public record TlsMaterial(Path certificate, Path privateKey, Path caCert) {
}
