package dev.sluice.gateway.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New request ids in UUID (version 4) form. Drawn from {@link ThreadLocalRandom}, not {@code UUID.randomUUID()}:
 * an id needs to be unique, not secret, and the secure generator is a shared lock under load.
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
