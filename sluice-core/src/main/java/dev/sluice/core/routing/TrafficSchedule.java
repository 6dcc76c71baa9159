package dev.sluice.core.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exact weighted split of an endpoint's traffic. Weights (percentages summing to 100) are laid out
 * once into a cycle of 100 slots by smooth weighted round-robin, so the deployments interleave evenly
 * (70/30 gives A A B A A B A …, not 70 A then 30 B), and any 100 consecutive requests follow the
 * weights exactly. Picking is one atomic increment: no lock on the request path.
 */
public final class TrafficSchedule {

    private static final TrafficSchedule EMPTY = new TrafficSchedule(Map.of(), new String[0]);

    private final Map<String, Integer> weights;
    private final String[] cycle;
    private final AtomicLong position = new AtomicLong();

    private TrafficSchedule(Map<String, Integer> weights, String[] cycle) {
        this.weights = weights;
        this.cycle = cycle;
    }

    /** A schedule over the deployments with weight above zero; empty when all weights are zero. */
    public static TrafficSchedule of(Map<String, Integer> traffic) {
        Map<String, Integer> positive = new LinkedHashMap<>();
        traffic.forEach((name, weight) -> {
            if (weight != null && weight > 0) {
                positive.put(name, weight);
            }
        });
        if (positive.isEmpty()) {
            return EMPTY;
        }
        return new TrafficSchedule(Collections.unmodifiableMap(positive), layOut(positive));
    }

    public static TrafficSchedule empty() {
        return EMPTY;
    }

    /** The next deployment, or null when no deployment has traffic. */
    public String next() {
        if (cycle.length == 0) {
            return null;
        }
        return cycle[(int) Math.floorMod(position.getAndIncrement(), (long) cycle.length)];
    }

    public boolean isEmpty() {
        return cycle.length == 0;
    }

    /** The positive weights this schedule was built from. */
    public Map<String, Integer> weights() {
        return weights;
    }

    /** The slots of one cycle, for tests and diagnostics. */
    List<String> cycle() {
        return List.of(cycle);
    }

    private static String[] layOut(Map<String, Integer> weights) {
        List<String> names = new ArrayList<>(weights.keySet());
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int[] current = new int[names.size()];
        String[] out = new String[total];
        for (int slot = 0; slot < total; slot++) {
            int best = 0;
            for (int i = 0; i < names.size(); i++) {
                current[i] += weights.get(names.get(i));
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            out[slot] = names.get(best);
        }
        return out;
    }
}
