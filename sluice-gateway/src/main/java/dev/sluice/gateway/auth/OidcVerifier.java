package dev.sluice.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks tokens of the server's OIDC provider (aad_token endpoints). The provider's keys come from its JWKS, found by
 * discovery, cached by Nimbus's {@link JWKSourceBuilder} and fetched again when a token names an unknown {@code kid}
 * (the provider rotated). Fetching blocks, so a token never seen before is verified on a worker thread and the
 * request waits for it; a token seen before is checked from the {@link TokenCache} on the event loop. Asymmetric
 * algorithms only: {@code none} and HMAC are refused.
 */
public final class OidcVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);
    private static final int CACHE_CAPACITY = 10_000;
    /** Verifications waiting for a worker thread at most; beyond, callers get 429 rather than a queue. */
    private static final int MAX_PENDING = 64;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** Tokens with unknown key ids make a fetch at most this often, so forged kids cannot flood the provider. */
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_DOCUMENT_BYTES = 512 * 1024;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final Vertx vertx;
    private final OidcSettings settings;
    private final Clock clock;
    private final TokenCache cache = new TokenCache(CACHE_CAPACITY);
    private final AtomicInteger pending = new AtomicInteger();
    private final DefaultResourceRetriever retriever = new DefaultResourceRetriever(
            (int) FETCH_TIMEOUT.toMillis(), (int) FETCH_TIMEOUT.toMillis(), MAX_DOCUMENT_BYTES);
    private final Duration minRefreshInterval;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    private OidcVerifier(Vertx vertx, OidcSettings settings, Clock clock, Duration minRefreshInterval) {
        this.vertx = vertx;
        this.settings = settings;
        this.clock = clock;
        this.minRefreshInterval = minRefreshInterval;
    }

    public static OidcVerifier create(Vertx vertx, OidcSettings settings, Clock clock) {
        return new OidcVerifier(vertx, settings, clock, MIN_REFRESH_INTERVAL);
    }

    /** @param minRefreshInterval how often an unknown kid may fetch the JWKS again; zero for tests */
    static OidcVerifier create(Vertx vertx, OidcSettings settings, Clock clock, Duration minRefreshInterval) {
        return new OidcVerifier(vertx, settings, clock, minRefreshInterval);
    }

    /**
     * Completed at once for a token seen before; else pending until a worker thread verified it.
     *
     * @param requiredClaims the endpoint's {@code sluice.required_claims}
     */
    public Future<Void> verify(String token, Map<String, String> requiredClaims) {
        long now = clock.millis();
        TokenCache.Key key = TokenCache.Key.of(token);
        VerifiedToken cached = cache.get(key);
        if (cached != null) {
            try {
                cached.check(now, settings.audience());
                cached.checkClaims(requiredClaims);
                return Future.succeededFuture();
            } catch (SluiceException e) {
                return Future.failedFuture(e);
            }
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Future.failedFuture(SluiceException.of(ErrorCode.TOO_MANY_REQUESTS,
                    "too many new tokens being verified at once; retry later"));
        }
        return vertx.executeBlocking(() -> verifyNow(token), false).compose(verified -> {
            long later = clock.millis();
            cache.put(key, verified, later);
            verified.check(later, settings.audience());
            verified.checkClaims(requiredClaims);
            return Future.<Void>succeededFuture();
        }).eventually(() -> {
            pending.decrementAndGet();
            return Future.succeededFuture();
        });
    }

    private VerifiedToken verifyNow(String token) {
        AmlTokenVerifier.signed(token); // refuses none and malformed tokens with the same reasons as aml tokens
        DefaultJWTProcessor<SecurityContext> jwtProcessor;
        try {
            jwtProcessor = processor();
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warn("identity provider {}: discovery failed ({})", settings.issuer(), e.getMessage());
            throw TokenFailure.of("the identity provider cannot be reached now");
        }
        JWTClaimsSet claims;
        try {
            claims = jwtProcessor.process(token, null);
        } catch (KeySourceException e) {
            LOG.warn("identity provider {}: its keys cannot be fetched ({})", settings.issuer(), e.getMessage());
            throw TokenFailure.of("the identity provider's keys cannot be fetched now");
        } catch (BadJOSEException e) {
            throw TokenFailure.of(reason(e));
        } catch (Exception e) {
            throw TokenFailure.of("bad signature");
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw TokenFailure.of("another issuer (expected: " + settings.issuer() + ")");
        }
        return VerifiedToken.of(claims);
    }

    /** Nimbus's reasons, short and without the token. */
    private static String reason(BadJOSEException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("algorithm") || message.contains("matching key")) {
            return "algorithm or signing key not accepted (expected: a key of the identity provider's JWKS)";
        }
        if (message.contains("plain") || message.contains("Unsecured")) {
            return "unsigned (alg none)";
        }
        return "bad signature";
    }

    /** Built on first use (on a worker thread): discovery may take a fetch. */
    private DefaultJWTProcessor<SecurityContext> processor() throws IOException, ParseException {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (processor == null) {
                JWKSourceBuilder<SecurityContext> source = JWKSourceBuilder.create(new URL(jwksUrl()), retriever);
                JWKSource<SecurityContext> keys = (minRefreshInterval.isZero() ? source.rateLimited(false)
                        : source.rateLimited(minRefreshInterval.toMillis())).build();
                DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
                built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
                // Times, audience and issuer are checked by VerifiedToken, the same for cached and new tokens.
                built.setJWTClaimsSetVerifier((claims, context) -> { });
                processor = built;
            }
            return processor;
        }
    }

    private String jwksUrl() throws IOException, ParseException {
        if (settings.jwksUrl().isPresent()) {
            return settings.jwksUrl().get();
        }
        Resource discovery = retriever.retrieveResource(new URL(settings.discoveryUrl()));
        Object uri = com.nimbusds.jose.util.JSONObjectUtils.parse(discovery.getContent()).get("jwks_uri");
        if (!(uri instanceof String jwks)) {
            throw new ParseException("no jwks_uri in " + settings.discoveryUrl(), 0);
        }
        return jwks;
    }
}
