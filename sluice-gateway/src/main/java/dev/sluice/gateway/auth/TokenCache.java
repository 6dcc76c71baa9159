package dev.sluice.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature was verified, by the SHA-256 of the token, so that a token seen before costs a hash and
 * a lookup instead of an ECDSA or RSA verification. The hash keeps the cache from comparing presented tokens with
 * stored ones (no timing to learn from) and from holding tokens in clear. Bounded: when full, expired entries go;
 * if none has expired, the cache starts over (callers then pay one verification again).
 */
final class TokenCache {

    /** A per-thread digester: getInstance per request shows up in profiles. Holds no state between calls. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenCache::newDigest);

    /** The 256 bits of a token's hash. */
    record Key(long a, long b, long c, long d) {

        static Key of(String token) {
            ByteBuffer hash = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        }

        @Override
        public int hashCode() {
            return (int) a;
        }
    }

    private final ConcurrentHashMap<Key, VerifiedToken> entries = new ConcurrentHashMap<>();
    private final int capacity;

    TokenCache(int capacity) {
        this.capacity = capacity;
    }

    VerifiedToken get(Key key) {
        return entries.get(key);
    }

    void put(Key key, VerifiedToken token, long nowMillis) {
        if (entries.size() >= capacity) {
            entries.values().removeIf(t -> t.expiresAtMillis() < nowMillis);
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(key, token);
    }

    int size() {
        return entries.size();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
