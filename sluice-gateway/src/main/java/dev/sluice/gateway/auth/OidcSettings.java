package dev.sluice.gateway.auth;

import dev.sluice.core.error.SluiceException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity provider that aad_token endpoints trust ({@code --oidc-issuer}, {@code --oidc-audience}): tokens must
 * be signed by a key of its JWKS (found through {@code {issuer}/.well-known/openid-configuration}, or given as
 * {@code jwksUrl}), name it as {@code iss} and the audience in {@code aud}. HTTPS, or plain HTTP on loopback (a
 * provider on this machine).
 */
public record OidcSettings(String issuer, String audience, Optional<String> jwksUrl) {

    public OidcSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        jwksUrl = jwksUrl == null ? Optional.empty() : jwksUrl;
        checkUrl("--oidc-issuer", issuer);
        jwksUrl.ifPresent(url -> checkUrl("--oidc-jwks-url", url));
        if (audience.isBlank()) {
            throw SluiceException.badArgument("--oidc-audience", "''", "the audience the provider's tokens name in aud");
        }
    }

    /** The OpenID discovery document of the issuer. */
    public String discoveryUrl() {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
    }

    private static void checkUrl(String option, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw SluiceException.badArgument(option, url, "an https URL");
        }
        String host = uri.getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw SluiceException.badArgument(option, url, "an https URL (plain http only on loopback)");
        }
    }
}
