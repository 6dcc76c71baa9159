package dev.sluice.core.model;

import java.security.SecureRandom;
import java.util.Base64;

/** An endpoint's two keys; either one authenticates a caller, so one can be rotated while the other serves. */
public record EndpointKeys(String primaryKey, String secondaryKey) {

    private static final int KEY_BYTES = 24;

    /** Two fresh random keys of 32 URL-safe characters each. */
    public static EndpointKeys generate(SecureRandom random) {
        return new EndpointKeys(newKey(random), newKey(random));
    }

    public EndpointKeys regenerate(KeyType which, SecureRandom random) {
        return which == KeyType.PRIMARY
                ? new EndpointKeys(newKey(random), secondaryKey)
                : new EndpointKeys(primaryKey, newKey(random));
    }

    private static String newKey(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Never print keys, not even by accident in a log line. */
    @Override
    public String toString() {
        return "EndpointKeys[***]";
    }
}
