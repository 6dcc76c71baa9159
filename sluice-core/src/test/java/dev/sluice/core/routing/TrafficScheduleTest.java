package dev.sluice.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class TrafficScheduleTest {

    private static Map<String, Integer> weights(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return out;
    }

    private static List<String> picks(TrafficSchedule schedule, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(schedule.next());
        }
        return out;
    }

    private static Map<String, Integer> count(List<String> picks) {
        Map<String, Integer> out = new HashMap<>();
        picks.forEach(p -> out.merge(p, 1, Integer::sum));
        return out;
    }

    private static int longestRun(List<String> picks, String name) {
        int longest = 0;
        int run = 0;
        for (String p : picks) {
            run = p.equals(name) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    @Test
    void seventyThirtyIsExactOverAThousandPicks() {
        Map<String, Integer> counts = count(picks(TrafficSchedule.of(weights("blue", 70, "green", 30)), 1000));
        assertThat(counts).containsOnly(Map.entry("blue", 700), Map.entry("green", 300));
    }

    @Test
    void ninetyTenIsExact() {
        Map<String, Integer> counts = count(picks(TrafficSchedule.of(weights("blue", 90, "green", 10)), 1000));
        assertThat(counts).containsOnly(Map.entry("blue", 900), Map.entry("green", 100));
    }

    @Test
    void everyHundredConsecutivePicksFollowTheWeights() {
        TrafficSchedule schedule = TrafficSchedule.of(weights("blue", 70, "green", 30));
        picks(schedule, 37); // start mid-cycle: any window of 100 is exact
        for (int window = 0; window < 5; window++) {
            assertThat(count(picks(schedule, 100))).containsOnly(Map.entry("blue", 70), Map.entry("green", 30));
        }
    }

    @Test
    void threeWaySplitIsExact() {
        List<String> picks = picks(TrafficSchedule.of(weights("a", 50, "b", 30, "c", 20)), 1000);
        assertThat(count(picks)).containsOnly(Map.entry("a", 500), Map.entry("b", 300), Map.entry("c", 200));
        assertThat(longestRun(picks, "b")).isEqualTo(1);
        assertThat(longestRun(picks, "c")).isEqualTo(1);
        assertThat(longestRun(picks, "a")).isLessThanOrEqualTo(2);
    }

    @Test
    void deploymentsInterleaveInsteadOfRunningInBlocks() {
        List<String> picks = picks(TrafficSchedule.of(weights("blue", 70, "green", 30)), 1000);
        assertThat(longestRun(picks, "green")).isEqualTo(1);
        assertThat(longestRun(picks, "blue")).isLessThanOrEqualTo(3);
        // Within the first ten requests green already got its three.
        assertThat(count(picks.subList(0, 10))).containsEntry("green", 3).containsEntry("blue", 7);

        List<String> ninetyTen = picks(TrafficSchedule.of(weights("blue", 90, "green", 10)), 1000);
        assertThat(longestRun(ninetyTen, "green")).isEqualTo(1);
        assertThat(longestRun(ninetyTen, "blue")).isLessThanOrEqualTo(9);
    }

    @Test
    void cycleHasOneSlotPerPercent() {
        TrafficSchedule schedule = TrafficSchedule.of(weights("blue", 99, "green", 1));
        assertThat(schedule.cycle()).hasSize(100);
        assertThat(count(schedule.cycle())).containsOnly(Map.entry("blue", 99), Map.entry("green", 1));
    }

    @Test
    void zeroWeightsAreExcluded() {
        Map<String, Integer> in = weights("blue", 100, "green", 0);
        in.put("amber", null);
        TrafficSchedule schedule = TrafficSchedule.of(in);

        assertThat(schedule.weights()).containsOnly(Map.entry("blue", 100));
        assertThat(picks(schedule, 250)).containsOnly("blue");
        assertThat(schedule.isEmpty()).isFalse();
    }

    @Test
    void allZeroOrNoWeightsGiveAnEmptySchedule() {
        TrafficSchedule zero = TrafficSchedule.of(weights("blue", 0, "green", 0));
        assertThat(zero.isEmpty()).isTrue();
        assertThat(zero.next()).isNull();
        assertThat(zero.weights()).isEmpty();
        assertThat(TrafficSchedule.of(Map.of()).next()).isNull();
        assertThat(TrafficSchedule.empty().isEmpty()).isTrue();
        assertThat(TrafficSchedule.empty().next()).isNull();
    }

    @Test
    void singleDeploymentTakesEverything() {
        assertThat(picks(TrafficSchedule.of(weights("only", 100)), 100)).containsOnly("only");
    }

    @Test
    void concurrentPicksKeepExactTotals() throws Exception {
        TrafficSchedule schedule = TrafficSchedule.of(weights("blue", 70, "green", 20, "amber", 10));
        int threads = 8;
        int perThread = 2_500; // 20 000 picks in all: a multiple of 100
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        counts.computeIfAbsent(schedule.next(), k -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts.get("blue").sum()).isEqualTo(14_000);
        assertThat(counts.get("green").sum()).isEqualTo(4_000);
        assertThat(counts.get("amber").sum()).isEqualTo(2_000);
    }
}
