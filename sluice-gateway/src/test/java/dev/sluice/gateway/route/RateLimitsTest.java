package dev.sluice.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointPolicy;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.core.routing.TrafficSchedule;
import dev.sluice.core.spec.AuthMode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aSecondsWorthPassesThenTheRestWaitsForTheRefill() {
        RateLimits limits = new RateLimits(10, nanos::get);
        EndpointRoute endpoint = route("shop", 0);
        int passed = count(limits, endpoint, 50);
        assertThat(passed).isEqualTo(10);
        assertThatThrownBy(() -> limits.acquire(endpoint)).isInstanceOf(SluiceException.class)
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS))
                .hasMessage("endpoint 'shop' takes at most 10 requests per second; retry later");
        nanos.addAndGet(300_000_000L); // 0.3 s refills three
        assertThat(count(limits, endpoint, 50)).isEqualTo(3);
        nanos.addAndGet(10_000_000_000L); // a long pause refills one second's worth, not more
        assertThat(count(limits, endpoint, 50)).isEqualTo(10);
    }

    @Test
    void theEndpointsOwnRateWinsAndNoneMeansNoLimit() {
        RateLimits off = new RateLimits(0, nanos::get);
        assertThat(count(off, route("shop", 0), 1000)).isEqualTo(1000);
        assertThat(count(off, route("shop", 5), 1000)).isEqualTo(5);
        RateLimits limits = new RateLimits(100, nanos::get);
        assertThat(count(limits, route("a", 2), 10)).isEqualTo(2);
        assertThat(count(limits, route("b", 0), 1000)).isEqualTo(100);
    }

    @Test
    void endpointsThatLeaveTheRoutingLoseTheirBucket() {
        RateLimits limits = new RateLimits(1, nanos::get);
        assertThat(count(limits, route("shop", 0), 5)).isEqualTo(1);
        limits.observe(new RoutingSnapshot(7, Map.of()));
        assertThat(count(limits, route("shop", 0), 5)).isEqualTo(1);
    }

    private static int count(RateLimits limits, EndpointRoute endpoint, int attempts) {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                limits.acquire(endpoint);
                passed++;
            } catch (SluiceException e) {
                // refused
            }
        }
        return passed;
    }

    private static EndpointRoute route(String name, int maxRps) {
        return new EndpointRoute(name, null, TrafficSchedule.empty(), null, Map.of(),
                new EndpointPolicy(AuthMode.KEY, false, Map.of(), maxRps));
    }
}
