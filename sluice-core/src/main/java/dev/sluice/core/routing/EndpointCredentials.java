package dev.sluice.core.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The keys that authenticate callers of one endpoint, kept as SHA-256 digests: comparing digests in
 * constant time leaks neither the key's content nor its length, and the snapshot holds no key in clear.
 */
public final class EndpointCredentials {

    /** A per-thread digester: getInstance on every request showed up in the gateway's profile. Holds no state between calls. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EndpointCredentials::newDigest);

    private final List<byte[]> digests;

    private EndpointCredentials(List<byte[]> digests) {
        this.digests = digests;
    }

    public static EndpointCredentials ofKeys(String... keys) {
        return new EndpointCredentials(java.util.Arrays.stream(keys).map(EndpointCredentials::digest).toList());
    }

    /** True when {@code presented} equals one of the keys. Checks every key so the time does not say which. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] d : digests) {
            match |= MessageDigest.isEqual(d, candidate);
        }
        return match;
    }

    private static byte[] digest(String key) {
        return SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "EndpointCredentials[" + digests.size() + " keys]";
    }
}
