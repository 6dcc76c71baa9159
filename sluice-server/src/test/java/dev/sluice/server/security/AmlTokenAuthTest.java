package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.controlplane.tokens.SigningKeyring;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSluiceSettings;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * aml_token end to end over HTTPS on a real server: get-credentials' token scores; every kind of bad token gets a
 * 401 with its reason and no stack trace; a key rotation keeps issued tokens working; a private endpoint refuses
 * clients outside the private networks (here: loopback is not private); a rate limit answers 429.
 */
class AmlTokenAuthTest {

    @RegisterExtension
    static final RunningServer server = RunningServer.create(s -> s.withSecurity(
            s.security().withPrivateNetworks("10.0.0.0/8")));

    private static final String BODY = "{\"data\": [1, 2]}";

    @BeforeAll
    static void deploy() {
        server.client().createEndpoint(EndpointSpec.named("tokens").withAuthMode(AuthMode.AML_TOKEN));
        server.client().createEndpoint(EndpointSpec.named("other").withAuthMode(AuthMode.AML_TOKEN));
        server.deploy("tokens", RunningServer.EXAMPLES.resolve("java-echo/deployment.yml"));
        server.setTraffic("tokens", Map.of("blue", 100), Map.of());
    }

    @Test
    void theTokenOfGetCredentialsScoresAndLooksLikeAzures() {
        JsonNode credentials = server.client().getToken("tokens");
        long now = Instant.now().getEpochSecond();
        assertThat(credentials.path("expiryTimeUtc").asLong()).isBetween(now + 3500, now + 3700);
        assertThat(credentials.path("refreshAfterTimeUtc").asLong()).isBetween(now + 1700, now + 1900);
        assertThat(credentials.path("tokenType").asText()).isEqualTo("Bearer");
        String token = credentials.path("accessToken").asText();
        assertThat(score("tokens", token).statusCode()).isEqualTo(200);
        assertThat(score("tokens", token).statusCode()).as("again, from the verified-token cache").isEqualTo(200);
        assertThat(server.client().getEndpoint("tokens").toString()).doesNotContain(token);
        assertThat(server.metrics()).doesNotContain(token);
    }

    @Test
    void everyKindOfBadTokenGets401WithItsReasonAndNoStackTrace() throws Exception {
        SigningKeyring keyring = SigningKeyring.loadOrCreate(server.dataDir().resolve("signing-keys.json"),
                Clock.systemUTC());
        Instant now = Instant.now();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(keyring.sign(claims("tokens", now.minusSeconds(7200), now.minusSeconds(3600))), "expired");
        cases.put(keyring.sign(claims("tokens", now.plusSeconds(600), now.plusSeconds(4200))), "not valid yet");
        cases.put(server.client().getToken("other").path("accessToken").asText(), "for another audience");
        cases.put(new PlainJWT(claims("tokens", now, now.plusSeconds(600))).serialize(), "unsigned");
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(keyring.currentKeyId()).build(), claims("tokens", now, now.plusSeconds(600)));
        confused.sign(new MACSigner(keyring.find(keyring.currentKeyId()).getEncoded()));
        cases.put(confused.serialize(), "algorithm HS256");
        String good = server.client().getToken("tokens").path("accessToken").asText();
        cases.put(good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA"), "bad signature");
        cases.put("x".repeat(20_000), "over 16384 characters");
        cases.put("not-a-token", "malformed");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> answer = score("tokens", c.getKey());
            assertThat(answer.statusCode()).as(c.getValue()).isEqualTo(401);
            assertThat(answer.headers().firstValue("www-authenticate").orElse("")).as(c.getValue())
                    .startsWith("Bearer error=\"invalid_token\"").contains(c.getValue());
            assertThat(answer.body()).as(c.getValue()).startsWith("{\"error\":{\"code\":\"Unauthorized\"")
                    .doesNotContain("Exception").doesNotContain(" at dev.");
        }
    }

    @Test
    void aRotatedKeyKeepsVerifyingTheTokensItSigned() {
        String before = server.client().getToken("tokens").path("accessToken").asText();
        JsonNode rotated = server.client().rotateSigningKey();
        assertThat(rotated.path("keys")).hasSize(2);
        String after = server.client().getToken("tokens").path("accessToken").asText();
        assertThat(score("tokens", before).statusCode()).isEqualTo(200);
        assertThat(score("tokens", after).statusCode()).isEqualTo(200);
    }

    @Test
    void aPrivateEndpointRefusesClientsOutsideThePrivateNetworksWithAzuresShape() {
        server.client().createEndpoint(EndpointSpec.named("private-one").withPublicNetworkAccess("disabled"));
        String key = server.client().listKeys("private-one").primaryKey();
        HttpResponse<String> answer = score("private-one", key);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).startsWith("{\"error\":{\"code\":\"Forbidden\",\"message\":\"Public access to"
                + " endpoint 'private-one' is disabled").contains("10.0.0.0/8").doesNotContain(key);
    }

    @Test
    void aRateLimitedEndpointAnswers429WithRetryAfter() {
        server.client().createEndpoint(EndpointSpec.named("limited")
                .withSluice(new EndpointSluiceSettings(null, 1)));
        String key = server.client().listKeys("limited").primaryKey();
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(score("limited", key));
        }
        // 404: the endpoint has no deployment, which is answered after the rate limit
        assertThat(answers).extracting(HttpResponse::statusCode).contains(404, 429);
        HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
        assertThat(limited.body()).contains("takes at most 1 requests per second");
    }

    private static JWTClaimsSet claims(String audience, Instant notBefore, Instant expires) {
        return new JWTClaimsSet.Builder().issuer("sluice").audience(audience).subject("test")
                .notBeforeTime(Date.from(notBefore)).expirationTime(Date.from(expires)).build();
    }

    private static HttpResponse<String> score(String endpoint, String token) {
        return server.score(endpoint, token, "/score", BODY, Map.of());
    }
}
