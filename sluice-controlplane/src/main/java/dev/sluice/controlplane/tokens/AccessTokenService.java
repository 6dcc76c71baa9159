package dev.sluice.controlplane.tokens;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.auth.ManagementRole;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.AccessToken;
import dev.sluice.core.store.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The management API's tokens beyond the admin-token file: made with a role, listed without their secret,
 * revoked. The store keeps only each token's SHA-256, so a token is shown once, when it is made. Calls block.
 */
public final class AccessTokenService {

    /** Every token starts so: easy to spot in a leak scanner, and cheap to tell from an admin token. */
    public static final String PREFIX = "sluice_";
    private static final int MAX_NAME = 64;

    /** A token just made: its record and, this once, its secret. */
    public record CreatedToken(AccessToken token, String secret) {

        @Override
        public String toString() {
            return "CreatedToken[" + token.id() + "]"; // never the secret
        }
    }

    private final AccessTokens store;
    private final Clock clock;
    private final SecureRandom random;

    private AccessTokenService(AccessTokens store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    public static AccessTokenService create(AccessTokens store, Clock clock, SecureRandom random) {
        return new AccessTokenService(Objects.requireNonNull(store, "store"), clock, random);
    }

    public CreatedToken create(ManagementRole role, String name, String createdBy) {
        Objects.requireNonNull(role, "role");
        if (name != null && (name.isBlank() || name.length() > MAX_NAME || !name.matches("[\\p{Graph} ]+"))) {
            throw SluiceException.badArgument("name", "'" + shown(name) + "'",
                    "1.." + MAX_NAME + " printable characters");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        AccessToken token = new AccessToken(HexFormat.of().formatHex(idBytes), name, role, hash(secret),
                clock.instant(), createdBy, null);
        store.createToken(token);
        return new CreatedToken(token, secret);
    }

    /** The active token that {@code presented} is, if any. */
    public Optional<AccessToken> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return store.findTokenByHash(hash(presented)).filter(AccessToken::active);
    }

    public List<AccessToken> list() {
        return store.listTokens();
    }

    /** @throws SluiceException NOT_FOUND when there is no token with that id */
    public void revoke(String id) {
        if (!store.revokeToken(id, clock.instant())) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "token " + shown(id) + " does not exist"
                    + " (expected: an id that 'sluice token list' shows)", "id");
        }
    }

    /** Hex SHA-256: what the store keeps instead of the token. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(ArtifactDigest.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static String shown(String text) {
        return text.length() <= MAX_NAME ? text : text.substring(0, MAX_NAME) + "…";
    }
}
