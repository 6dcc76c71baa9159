package dev.sluice.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.core.auth.AmlTokens;
import dev.sluice.core.routing.EndpointCredentials;
import dev.sluice.gateway.auth.AmlTokenVerifier;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a credential costs the gateway's request path, single-threaded: an aml_token seen before (a SHA-256
 * and a cache lookup, the steady state of a caller that reuses its token for an hour), an aml_token seen for the
 * first time (parse + ES256 verification + claims), and a key (SHA-256 + constant-time compare of two keys).
 * The same AmlTokenVerifier the gateway runs (sluice-gateway), keys made like the server's keyring (P-256).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenVerifyBenchmark {

    /** More distinct tokens than the verifier's cache holds, so that cycling through them always misses. */
    private static final int FRESH_TOKENS = 25_000;

    private AmlTokenVerifier verifier;
    private String cachedToken;
    private String[] freshTokens;
    private int next;
    private EndpointCredentials keys;
    private String key;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ECKey signingKey = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
        ECPublicKey publicKey = signingKey.toECPublicKey();
        verifier = AmlTokenVerifier.create(kid -> "bench".equals(kid) ? publicKey : null, Clock.systemUTC());
        ECDSASigner signer = new ECDSASigner(signingKey);
        cachedToken = sign(signer);
        freshTokens = new String[FRESH_TOKENS];
        for (int i = 0; i < FRESH_TOKENS; i++) {
            freshTokens[i] = sign(signer);
        }
        verifier.verify(cachedToken, "bench");
        key = "k-" + UUID.randomUUID() + UUID.randomUUID();
        keys = EndpointCredentials.ofKeys(key, "other-" + UUID.randomUUID());
    }

    private static String sign(ECDSASigner signer) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(AmlTokens.ISSUER).audience("bench").subject("admin-token")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bench").build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public void amlTokenSeenBefore() {
        verifier.verify(cachedToken, "bench");
    }

    @Benchmark
    public void amlTokenFirstSight() {
        String token = freshTokens[next];
        next = next + 1 == FRESH_TOKENS ? 0 : next + 1;
        verifier.verify(token, "bench");
    }

    @Benchmark
    public boolean key() {
        return keys.matches(key);
    }
}
