package dev.sluice.core.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts durations in log-linear buckets (eight per power of two, so a bucket is at most 12.5% wide) from 1 µs to
 * about 36 minutes, cheaply enough for the request path: one array slot and one adder per record, no lock. Readers
 * take cumulative {@link Counts} and subtract an earlier one to get what happened in between.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKETS = 8;
    private static final int SUB_BITS = 3;
    /** 2^31 µs ≈ 36 min; longer durations land in the last bucket. */
    private static final int MAX_EXPONENT = 31;
    static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder totalMicros = new LongAdder();

    public void record(long duration, TimeUnit unit) {
        long micros = Math.max(0, unit.toMicros(duration));
        counts.incrementAndGet(index(micros));
        totalMicros.add(micros);
    }

    /** Everything recorded so far. */
    public Counts counts() {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        return new Counts(copy, total, totalMicros.sum());
    }

    static int index(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = Math.min(63 - Long.numberOfLeadingZeros(micros), MAX_EXPONENT);
        long sub = exponent == MAX_EXPONENT && micros >= (1L << (MAX_EXPONENT + 1)) ? SUB_BUCKETS - 1
                : (micros >> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + (int) sub;
    }

    /** The smallest duration, in µs, that falls in bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
        long sub = index % SUB_BUCKETS;
        return (1L << exponent) + (sub << (exponent - SUB_BITS));
    }

    /**
     * Cumulative bucket counts at one moment. Immutable by convention: the array is never handed out.
     *
     * @param count       how many durations
     * @param totalMicros their sum, for the mean
     */
    public record Counts(long[] buckets, long count, long totalMicros) {

        public static final Counts EMPTY = new Counts(new long[BUCKETS], 0, 0);

        /** What was recorded after {@code earlier} (an older reading of the same histogram). */
        public Counts minus(Counts earlier) {
            long[] delta = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                delta[i] = Math.max(0, buckets[i] - earlier.buckets[i]);
            }
            return new Counts(delta, Math.max(0, count - earlier.count),
                    Math.max(0, totalMicros - earlier.totalMicros));
        }

        /** The mean in milliseconds, or NaN without any duration. */
        public double meanMillis() {
            return count == 0 ? Double.NaN : totalMicros / 1000.0 / count;
        }

        /**
         * The {@code quantile} (0..1) in milliseconds, as the middle of the bucket that holds it (within 6.25% of
         * the true value), or NaN without any duration.
         */
        public double quantileMillis(double quantile) {
            if (count == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(quantile * count));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    long low = lowerBound(i);
                    long high = i + 1 < BUCKETS ? lowerBound(i + 1) : low;
                    return (low + high) / 2.0 / 1000.0;
                }
            }
            return lowerBound(BUCKETS - 1) / 1000.0;
        }
    }
}
