package dev.sluice.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastOutstandingBalancerTest {

    private static final InstanceRoute A = InstanceRoute.tcp("a", "127.0.0.1", 1001);
    private static final InstanceRoute B = InstanceRoute.tcp("b", "127.0.0.1", 1002);
    private static final InstanceRoute C = InstanceRoute.tcp("c", "127.0.0.1", 1003);

    private static LoadView loads(Map<String, Integer> load) {
        return id -> load.getOrDefault(id, 0);
    }

    @Test
    void picksTheLeastLoadedInstanceWhateverTheRotation() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        LoadView load = loads(Map.of("a", 5, "b", 1, "c", 3));
        for (int i = 0; i < 10; i++) {
            assertThat(balancer.pick(List.of(A, B, C), load)).isEqualTo(B);
        }
    }

    @Test
    void tiesRotateAcrossInstances() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        Map<String, Integer> picked = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            picked.merge(balancer.pick(List.of(A, B, C), id -> 0).id(), 1, Integer::sum);
        }
        assertThat(picked).containsOnly(Map.entry("a", 100), Map.entry("b", 100), Map.entry("c", 100));
    }

    @Test
    void tiesAmongTheLeastLoadedRotateAndTheBusyOneIsSkipped() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        LoadView load = loads(Map.of("a", 2, "b", 0, "c", 0));
        Map<String, Integer> picked = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            picked.merge(balancer.pick(List.of(A, B, C), load).id(), 1, Integer::sum);
        }
        assertThat(picked).doesNotContainKey("a");
        assertThat(picked.get("b")).isBetween(10, 20);
        assertThat(picked.get("c")).isBetween(10, 20);
    }

    @Test
    void idleInstancesShareEvenlyEvenRightAfterABusyOne() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        LoadView load = loads(Map.of("a", 4, "b", 0, "c", 0));
        Map<String, Integer> picked = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            picked.merge(balancer.pick(List.of(A, B, C), load).id(), 1, Integer::sum);
        }
        assertThat(picked).containsOnly(Map.entry("b", 150), Map.entry("c", 150));
    }

    @Test
    void followsTheLoadAsItChanges() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0));
        for (int i = 0; i < 6; i++) {
            InstanceRoute chosen = balancer.pick(List.of(A, B), loads(load));
            load.merge(chosen.id(), 1, Integer::sum); // the request stays outstanding
        }
        assertThat(load).containsOnly(Map.entry("a", 3), Map.entry("b", 3));
    }

    @Test
    void singleAndEmptyLists() {
        LeastOutstandingBalancer balancer = LeastOutstandingBalancer.create();
        assertThat(balancer.pick(List.of(), id -> 0)).isNull();
        assertThat(balancer.pick(List.of(C), id -> 99)).isEqualTo(C);
    }
}
