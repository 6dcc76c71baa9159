package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Requests per second per endpoint: the endpoint's {@code sluice.max_rps}, else the gateway's {@code --max-rps}
 * (0: no limit, the default). A token bucket of one second's worth, refilled continuously, kept as one atomic
 * number (the time the bucket is full again), so no lock on the request path. Beyond: 429 with {@code Retry-After}.
 */
public final class RateLimits {

    private final int defaultMaxRps;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long seenVersion = -1;

    public RateLimits(int defaultMaxRps, LongSupplier nanoTime) {
        if (defaultMaxRps < 0) {
            throw SluiceException.badArgument("--max-rps", defaultMaxRps, "0 (no limit) or more");
        }
        this.defaultMaxRps = defaultMaxRps;
        this.nanoTime = nanoTime;
    }

    /** @throws SluiceException TOO_MANY_REQUESTS beyond the endpoint's rate */
    public void acquire(EndpointRoute endpoint) {
        int rps = endpoint.policy().maxRps() > 0 ? endpoint.policy().maxRps() : defaultMaxRps;
        if (rps == 0) {
            return;
        }
        Bucket bucket = buckets.get(endpoint.name());
        if (bucket == null || bucket.rps != rps) {
            bucket = new Bucket(rps, nanoTime.getAsLong());
            buckets.put(endpoint.name(), bucket);
        }
        if (!bucket.tryTake(nanoTime.getAsLong())) {
            throw SluiceException.of(ErrorCode.TOO_MANY_REQUESTS, "endpoint '" + endpoint.name()
                    + "' takes at most " + rps + " requests per second; retry later");
        }
    }

    /** Forgets the buckets of endpoints that left the routing. */
    public void observe(RoutingSnapshot snapshot) {
        if (snapshot.version() != seenVersion) {
            seenVersion = snapshot.version();
            buckets.keySet().removeIf(name -> snapshot.endpoint(name) == null);
        }
    }

    /** GCRA: a request is allowed when the bucket's "full again" time is at most one second ahead of now. */
    private static final class Bucket {

        private static final long SECOND = 1_000_000_000L;

        final int rps;
        private final long interval;
        private final AtomicLong fullAt;

        Bucket(int rps, long now) {
            this.rps = rps;
            this.interval = SECOND / rps;
            this.fullAt = new AtomicLong(now);
        }

        boolean tryTake(long now) {
            while (true) {
                long full = fullAt.get();
                long next = Math.max(full, now) + interval;
                if (next - now > SECOND) {
                    return false;
                }
                if (fullAt.compareAndSet(full, next)) {
                    return true;
                }
            }
        }
    }
}
