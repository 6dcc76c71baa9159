package dev.sluice.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An OpenID provider on loopback for end-to-end tests: a discovery document, a JWKS with one RS256 key, and tokens
 * signed with it, as Entra ID or Keycloak would issue them.
 */
final class OidcTestProvider implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;

    private OidcTestProvider(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    static OidcTestProvider start() throws IOException, JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("e2e-1").generate();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OidcTestProvider provider = new OidcTestProvider(server, key);
        server.createContext("/.well-known/openid-configuration", exchange -> reply(exchange,
                "{\"issuer\":\"" + provider.issuer() + "\",\"jwks_uri\":\"" + provider.issuer() + "/keys\"}"));
        server.createContext("/keys", exchange -> reply(exchange, new JWKSet(key.toPublicJWK()).toString(true)));
        server.start();
        return provider;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A token for {@code audience} with these roles, valid for ten minutes. */
    String token(String audience, List<String> roles) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(audience).subject("user-1")
                .claim("roles", roles).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
