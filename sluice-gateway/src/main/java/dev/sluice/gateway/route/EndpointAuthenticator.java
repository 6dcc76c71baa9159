package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.gateway.auth.AmlTokenVerifier;
import dev.sluice.gateway.auth.OidcVerifier;
import io.vertx.core.Future;

/**
 * The gateway's auth step, by the endpoint's {@code auth_mode}: its keys, this server's aml_tokens, or tokens of
 * the OIDC provider ({@code aad_token}). Keys and aml_tokens are answered at once on the event loop.
 */
public final class EndpointAuthenticator implements Authenticator {

    private final BearerKeyAuthenticator keys = new BearerKeyAuthenticator();
    private final AmlTokenVerifier amlTokens;
    private final OidcVerifier oidc;

    /** @param oidc the provider of aad_token endpoints, or null when the server has none */
    public EndpointAuthenticator(AmlTokenVerifier amlTokens, OidcVerifier oidc) {
        this.amlTokens = amlTokens;
        this.oidc = oidc;
    }

    @Override
    public Future<Void> authenticate(EndpointRoute endpoint, String authorization) {
        try {
            switch (endpoint.policy().authMode()) {
                case KEY -> keys.authenticate(endpoint, authorization);
                case AML_TOKEN -> amlTokens.verify(BearerToken.of(endpoint, authorization, "token"), endpoint.name());
                case AAD_TOKEN -> {
                    String token = BearerToken.of(endpoint, authorization, "token");
                    if (oidc == null) {
                        throw SluiceException.of(ErrorCode.UNAUTHORIZED, "endpoint '" + endpoint.name()
                                + "' takes aad_token, but the server has no identity provider (--oidc-issuer)");
                    }
                    return oidc.verify(token, endpoint.policy().requiredClaims());
                }
                default -> throw new IllegalStateException("auth mode " + endpoint.policy().authMode());
            }
            return Future.succeededFuture();
        } catch (SluiceException e) {
            return Future.failedFuture(e);
        }
    }
}
