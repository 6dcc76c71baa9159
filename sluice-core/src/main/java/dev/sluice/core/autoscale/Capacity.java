package dev.sluice.core.autoscale;

/**
 * A profile's {@code capacity}: the instance counts it keeps between, and the one it falls back to.
 *
 * @param minimum the fewest instances; 0 allows scaling to zero (a Sluice extension)
 * @param maximum the most instances
 * @param defaultCount Azure's {@code default}: the count to raise to when no metric can be read; Azure uses it only
 *                     when the current count is lower
 */
public record Capacity(int minimum, int maximum, int defaultCount) {

    /** {@code count} brought into {@code [minimum, maximum]}. */
    public int clamp(int count) {
        return Math.max(minimum, Math.min(maximum, count));
    }

    @Override
    public String toString() {
        return minimum + ".." + maximum + " (default " + defaultCount + ")";
    }
}
