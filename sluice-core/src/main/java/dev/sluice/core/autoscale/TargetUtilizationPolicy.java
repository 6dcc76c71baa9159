package dev.sluice.core.autoscale;

import dev.sluice.core.spec.RequestSettings;
import dev.sluice.core.spec.ScaleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code scale_settings.type: target_utilization}, as Azure's Kubernetes online endpoints scale: a deployment is
 * utilised by the requests it has in flight (running or queued) against what its instances run at once
 * ({@code max_concurrent_requests_per_instance} each), and it wants {@code ceil(in flight / (max concurrent ×
 * target %))} instances, within {@code min_instances..max_instances}. Up at once; down only to the highest count
 * wanted during the last {@link Settings#scaleDownWindow()} (twenty polling intervals: Azure scales down about
 * twenty times slower than up), so a lull between bursts does not drop capacity. With {@code min_instances: 0} a
 * deployment idle for a whole window goes to zero. Holds the window between calls; no clock, no I/O.
 */
public final class TargetUtilizationPolicy {

    /** How many polling intervals a scale-down waits for the load to stay low. */
    public static final int SCALE_DOWN_INTERVALS = 20;

    /** A deployment's target-utilization settings with Azure's defaults filled in. */
    public record Settings(int minInstances, int maxInstances, Duration pollingInterval, int targetPercent,
                           int maxConcurrentPerInstance) {

        public static Settings of(ScaleSettings scale, RequestSettings requests) {
            int min = scale.minInstances() == null ? 1 : scale.minInstances();
            int max = scale.maxInstances() == null ? Math.max(1, min) : scale.maxInstances();
            int interval = scale.pollingInterval() == null ? 1 : scale.pollingInterval();
            int target = scale.targetUtilizationPercentage() == null ? 70 : scale.targetUtilizationPercentage();
            return new Settings(min, max, Duration.ofSeconds(interval), target,
                    Math.max(1, requests.withDefaults().maxConcurrentRequestsPerInstance()));
        }

        public Duration scaleDownWindow() {
            return pollingInterval.multipliedBy(SCALE_DOWN_INTERVALS);
        }
    }

    /**
     * What one polling interval saw.
     *
     * @param inFlight mean requests in flight during the interval
     * @param answered requests answered during the interval
     */
    public record Reading(Instant time, double inFlight, long answered) {
    }

    /** The count wanted after a reading, and why; {@code to == from} when nothing changes. */
    public record Decision(int from, int to, String reason) {

        public boolean changes() {
            return from != to;
        }
    }

    private record Wanted(Instant time, int count) {
    }

    private final Settings settings;
    private final Deque<Wanted> window = new ArrayDeque<>();
    private Instant firstReading;

    public TargetUtilizationPolicy(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    public Decision next(int current, Reading reading) {
        if (firstReading == null) {
            firstReading = reading.time();
        }
        int wanted = wanted(reading);
        window.addLast(new Wanted(reading.time(), wanted));
        Instant windowStart = reading.time().minus(settings.scaleDownWindow());
        while (!window.isEmpty() && window.peekFirst().time().isBefore(windowStart)) {
            window.removeFirst();
        }
        String load = String.format(Locale.ROOT, "target_utilization: %.1f requests in flight, %d answered in %ss; "
                        + "%d per instance at %d%% → %d instance(s)", reading.inFlight(), reading.answered(),
                settings.pollingInterval().toSeconds(), settings.maxConcurrentPerInstance(), settings.targetPercent(),
                wanted);
        if (current < settings.minInstances() || current > settings.maxInstances()) {
            int clamped = Math.max(settings.minInstances(), Math.min(settings.maxInstances(), current));
            return new Decision(current, clamped, "target_utilization: " + current + " is outside min_instances.."
                    + "max_instances " + settings.minInstances() + ".." + settings.maxInstances());
        }
        if (wanted > current) {
            return new Decision(current, wanted, load);
        }
        int stable = window.stream().mapToInt(Wanted::count).max().orElse(current);
        boolean seenWholeWindow = !firstReading.isAfter(windowStart);
        if (stable < current && seenWholeWindow) {
            return new Decision(current, stable, load + "; at most " + stable + " wanted during the last "
                    + settings.scaleDownWindow().toSeconds() + " s");
        }
        return new Decision(current, current, load);
    }

    /**
     * A request is waiting for a deployment with no instance, and the autoscaler starts one: that one counts as
     * wanted from now on for a whole window, so the next quiet reading does not take it away before the request
     * was even served.
     */
    public void demanded(Instant time) {
        window.addLast(new Wanted(time, Math.max(1, settings.minInstances())));
    }

    private int wanted(Reading reading) {
        double perInstance = settings.maxConcurrentPerInstance() * settings.targetPercent() / 100.0;
        int count = (int) Math.ceil(reading.inFlight() / perInstance - 1e-9);
        if (count == 0 && (reading.answered() > 0 || reading.inFlight() > 0)) {
            count = 1; // traffic, however little, needs an instance
        }
        return Math.max(settings.minInstances(), Math.min(settings.maxInstances(), count));
    }
}
