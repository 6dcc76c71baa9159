package dev.sluice.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RequestMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = GatewayMetrics.create(registry);

    @Test
    void everyHttpStatusHasItsOwnLabelAndNothingElseBorrowsOne() {
        RequestMeters meters = metrics.unrouted("shop");
        long start = System.nanoTime();

        for (int status : new int[] {600, 700, 599, 100, 42, -1, 200, 499, 999}) {
            meters.record(status, start);
        }

        assertThat(countsByStatus()).isEqualTo(Map.of("100", 1.0, "200", 1.0, "499", 1.0, "599", 1.0,
                RequestMeters.OTHER_STATUS, 5.0));
    }

    @Test
    void aStatusOutsideHttpFirstDoesNotLabelTheOthers() {
        RequestMeters meters = metrics.unrouted("shop");

        meters.record(601, System.nanoTime());
        meters.record(503, System.nanoTime());
        meters.record(650, System.nanoTime());

        assertThat(countsByStatus()).isEqualTo(Map.of("503", 1.0, RequestMeters.OTHER_STATUS, 2.0));
    }

    private Map<String, Double> countsByStatus() {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter c : registry.find("sluice.requests").counters()) {
            counts.merge(c.getId().getTag("status"), c.count(), Double::sum);
        }
        return counts;
    }
}
