package dev.sluice.core.request;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New request ids in UUID (version 4) form, for the gateway and workers when a caller sent none. Drawn from
 * {@link ThreadLocalRandom}, not {@code UUID.randomUUID()}: an id needs to be unique, not secret, and the secure
 * generator takes a shared lock on every call, on an event loop.
 */
public final class RequestIds {

    private RequestIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
