package dev.sluice.core.routing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which traffic-routed requests are copied to the mirror deployment: exactly {@code percent} of every
 * 100, spread evenly (10% copies requests 10, 20, 30, … of each hundred, not the first ten).
 */
public final class MirrorSchedule {

    private final String deployment;
    private final int percent;
    private final AtomicLong position = new AtomicLong();

    private MirrorSchedule(String deployment, int percent) {
        this.deployment = deployment;
        this.percent = percent;
    }

    public static MirrorSchedule of(String deployment, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent: " + percent + " (expected: 0..100)");
        }
        return new MirrorSchedule(deployment, percent);
    }

    /** True when this request should also be copied to {@link #deployment()}. */
    public boolean shouldMirror() {
        if (percent == 0) {
            return false;
        }
        long slot = Math.floorMod(position.getAndIncrement(), 100L);
        // Slot n is mirrored when the running share floor((n+1)·p/100) steps up.
        return (slot + 1) * percent / 100 > slot * percent / 100;
    }

    public String deployment() {
        return deployment;
    }

    public int percent() {
        return percent;
    }
}
