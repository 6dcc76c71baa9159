package dev.sluice.core.autoscale;

import java.time.Duration;
import java.util.Objects;

/**
 * What a rule does when it fires, and how long after the last scale action it must wait ({@code cooldown}).
 *
 * @param value instances for ChangeCount and ExactCount, a percentage of the current count for PercentChangeCount
 */
public record ScaleAction(ScaleDirection direction, ScaleType type, int value, Duration cooldown) {

    public ScaleAction {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cooldown, "cooldown");
    }

    /**
     * The count this action asks for from {@code current}, before the profile's capacity bounds it. ChangeCount
     * adds or removes {@code value}. PercentChangeCount moves by {@code value}% of the current count, at least one
     * instance: rounded up when increasing, down when decreasing (Azure does not publish its rounding; this one
     * scales out eagerly and in cautiously). ExactCount asks for {@code value}, but only in its direction: an
     * Increase never lowers the count, a Decrease never raises it. None keeps the count. The count saturates in
     * {@code 0..Integer.MAX_VALUE} rather than wrapping around (the reader bounds values well below that).
     */
    public int apply(int current) {
        int sign = switch (direction) {
            case INCREASE -> 1;
            case DECREASE -> -1;
            case NONE -> 0;
        };
        return switch (type) {
            case CHANGE_COUNT -> saturated((long) current + (long) sign * value);
            case PERCENT_CHANGE_COUNT -> saturated((long) current + (long) sign * percentOf(current));
            case EXACT_COUNT -> sign > 0 ? Math.max(current, value) : sign < 0 ? Math.min(current, value) : current;
        };
    }

    private static int saturated(long count) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, count));
    }

    private int percentOf(int current) {
        double exact = current * (double) value / 100.0;
        long change = direction == ScaleDirection.INCREASE ? (long) Math.ceil(exact) : (long) Math.floor(exact);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, change));
    }

    /** {@code Increase ChangeCount 2}. */
    public String describe() {
        return direction.wire() + " " + type.wire() + " " + value;
    }
}
