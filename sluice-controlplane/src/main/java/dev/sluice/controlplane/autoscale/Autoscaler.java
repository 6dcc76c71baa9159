package dev.sluice.controlplane.autoscale;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.controlplane.metrics.MetricStore;
import dev.sluice.core.autoscale.AutoscaleEvaluator;
import dev.sluice.core.autoscale.ZoneResolver;
import dev.sluice.core.metrics.DemandBoard;
import dev.sluice.core.metrics.TrafficReadings;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves deployments' instance counts within their scale settings ({@link ScalePolicies}). A new count is written as
 * the deployment's {@code instance_count} (a new generation of the same spec), so the controller scales with the
 * machinery it rolls updates with: new instances join the routing once Ready, leaving ones drain first. Every
 * change is recorded in the {@link AutoscaleStore}'s history, and so is, once, every change a rule asked for that was
 * not made, and why ({@link DecisionLog}). A deployment that is still Creating is left alone, and so is one that is
 * Failed (its spec is the user's to fix). Each deployment is looked at on its own: one whose setting cannot be read
 * or whose step fails does not stop the others. A request waiting for a deployment scaled to zero (posted on the
 * {@link DemandBoard}) starts an instance at once, if its policy allows one now; a signal that could not be acted
 * on yet is kept and tried again every tick until the waiting requests' timeout has passed.
 */
public final class Autoscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration REFRESH = Duration.ofSeconds(1);
    private static final String WAKE_SOURCE = "scale from zero";
    private static final String WAKE_TRIGGER = "a request is waiting for an instance";

    private final Store store;
    private final DeploymentRuntime runtime;
    private final ScalePolicies policies;
    private final OnDemandDeployments onDemand;
    private final DemandBoard demand;
    private final Clock clock;
    private final DecisionLog log;
    private final Map<DeploymentId, ScalePolicy> active = new HashMap<>();
    /** Deployments requests wait for, and when that was last signalled; kept until acted on or timed out. */
    private final Map<DeploymentId, Instant> waiting = new HashMap<>();
    private List<Deployment> deployments = List.of();
    private Instant refreshedAt;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-autoscaler");
        t.setDaemon(true);
        return t;
    });

    Autoscaler(Store store, AutoscaleStore autoscale, DeploymentRuntime runtime, ScalePolicies policies,
               OnDemandDeployments onDemand, DemandBoard demand, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.policies = policies;
        this.onDemand = onDemand;
        this.demand = demand;
        this.clock = clock;
        this.log = new DecisionLog(autoscale);
    }

    /** What the autoscaler reads: deployments and settings, the controller, live traffic and metrics. */
    public record Sources(Store store, AutoscaleStore autoscale, DeploymentRuntime runtime, TrafficReadings traffic,
                          MetricStore metrics) {
    }

    /**
     * @param onDemand where it says which deployments may scale to zero (the routing holds their requests)
     * @param demand   where the gateway posts requests waiting for a deployment with no instance
     */
    public static Autoscaler create(Sources sources, AutoscaleSettings settings, ZoneResolver zones,
                                    OnDemandDeployments onDemand, DemandBoard demand, Clock clock) {
        ScalePolicies policies = new ScalePolicies(settings, sources.autoscale(), AutoscaleEvaluator.create(zones),
                sources.metrics(), sources.traffic());
        return new Autoscaler(sources.store(), sources.autoscale(), sources.runtime(), policies, onDemand, demand,
                clock);
    }

    public void start() {
        // A request held for a deployment scaled to zero should not wait for the next tick.
        demand.onDemand(() -> thread.execute(this::tickLogged));
        thread.scheduleWithFixedDelay(this::tickLogged, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look at every deployment; the package's tests step it on a fake clock. */
    void tick() {
        Instant now = clock.instant();
        Set<DeploymentId> signalled = demand.take();
        signalled.forEach(id -> waiting.put(id, now));
        if (refreshedAt == null || !signalled.isEmpty() || !now.isBefore(refreshedAt.plus(REFRESH))) {
            refresh(now);
        }
        for (Deployment d : deployments) {
            try {
                look(d, now);
            } catch (RuntimeException e) {
                failed(d, "scaling it failed", "not scaled; tried again every tick", e, now);
            }
        }
    }

    private void refresh(Instant now) {
        List<Deployment> all = store.listAllDeployments();
        Map<DeploymentId, AutoscaleStore.StoredSetting> settings = policies.storedSettings();
        Map<DeploymentId, ScalePolicy> fresh = new HashMap<>();
        for (Deployment d : all) {
            DeploymentId id = DeploymentId.of(d);
            ScalePolicy previous = active.get(id);
            try {
                policies.policyFor(d, Optional.ofNullable(settings.get(id)), previous)
                        .ifPresent(policy -> fresh.put(id, policy));
            } catch (RuntimeException e) {
                // A passing store failure should not drop a policy that works: keep the one read before, if any.
                if (previous != null) {
                    fresh.put(id, previous);
                }
                failed(d, "its scale settings cannot be read", previous == null ? "not scaling until its "
                        + "autoscale setting is updated or deleted" : "scaling by what was read before", e, now);
            }
        }
        deployments = all;
        active.clear();
        active.putAll(fresh);
        Set<DeploymentId> present = all.stream().map(DeploymentId::of).collect(Collectors.toSet());
        waiting.keySet().retainAll(present);
        log.retainOnly(present);
        refreshedAt = now;
        Set<DeploymentId> startsOnDemand = active.entrySet().stream()
                .filter(e -> e.getValue().scalesToZero() && e.getValue().wakeRefusal(now).isEmpty())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (onDemand.replace(startsOnDemand)) {
            runtime.publishRouting();
        }
    }

    private void look(Deployment d, Instant now) {
        DeploymentId id = DeploymentId.of(d);
        ScalePolicy policy = active.get(id);
        Instant signalledAt = waiting.get(id);
        if (signalledAt != null && (policy == null || d.spec().instanceCountOrDefault() > 0
                || !now.isBefore(signalledAt.plus(requestTimeout(d))))) {
            waiting.remove(id); // an instance is coming, nothing can start one, or no request waits any more
            signalledAt = null;
        }
        if (policy == null || !settled(d, now)) {
            return;
        }
        if (signalledAt != null) {
            wake(d, policy, now);
            return;
        }
        policy.evaluate(d, now).ifPresent(p -> propose(d, policy, p, now));
    }

    /** Starts an instance for a waiting request, if the policy allows one now; the signal stays if the write lost. */
    private void wake(Deployment d, ScalePolicy policy, Instant now) {
        DeploymentId id = DeploymentId.of(d);
        Optional<String> refusal = policy.wakeRefusal(now);
        if (refusal.isPresent()) {
            waiting.remove(id);
            log.held(decision(d, 0, WAKE_SOURCE, WAKE_TRIGGER, "instances = 0", "not applied: " + refusal.get(),
                    now));
            return;
        }
        if (apply(d, policy, ScalePolicy.Proposal.change(1, WAKE_SOURCE, WAKE_TRIGGER, "instances = 0"), now)) {
            waiting.remove(id);
            policy.woken(d, now);
        }
    }

    private void propose(Deployment d, ScalePolicy policy, ScalePolicy.Proposal p, Instant now) {
        if (p.held() != null) {
            log.held(decision(d, p.count(), p.source(), p.trigger(), p.values(), p.held(), now));
        } else if (p.count() != d.spec().instanceCountOrDefault()) {
            apply(d, policy, p, now);
        }
    }

    /** Creating: the user's count comes first. Failed: a change of spec is the user's to make. */
    private boolean settled(Deployment d, Instant now) {
        if (d.state() == ProvisioningState.FAILED) {
            log.held(decision(d, d.spec().instanceCountOrDefault(), "autoscaler", "generation " + d.generation()
                    + " of the deployment is Failed", d.reason(), "not scaling until its spec changes", now));
        }
        return d.state() != ProvisioningState.CREATING && d.state() != ProvisioningState.FAILED;
    }

    /** Writes the new count; false when the deployment changed meanwhile (the next tick looks again). */
    private boolean apply(Deployment d, ScalePolicy policy, ScalePolicy.Proposal p, Instant now) {
        int from = d.spec().instanceCountOrDefault();
        DeploymentId id = DeploymentId.of(d);
        if (!store.replaceDeploymentSpec(id, d.generation(), d.spec().withInstanceCount(p.count()), now)) {
            refreshedAt = null; // changed meanwhile (the user, the controller, or deleted): look again next tick
            log.held(decision(d, p.count(), p.source(), p.trigger(), p.values(), "not applied: generation "
                    + d.generation() + " changed meanwhile; decided again on the next look", now));
            return false;
        }
        policy.scaled(now);
        log.applied(decision(d, p.count(), p.source(), p.trigger(), p.values(), "applied", now));
        LOG.info("autoscale {}: {} → {} instance(s) ({})", id, from, p.count(), p.trigger());
        runtime.wake();
        store.findDeployment(id.endpointName(), id.deploymentName()).ifPresent(fresh -> deployments =
                deployments.stream().map(old -> DeploymentId.of(old).equals(id) ? fresh : old).toList());
        return true;
    }

    /** A deployment that could not be looked at: logged and recorded once while it keeps failing the same way. */
    private void failed(Deployment d, String trigger, String outcome, RuntimeException e, Instant now) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (log.held(decision(d, d.spec().instanceCountOrDefault(), "autoscaler", trigger, message, outcome, now))) {
            LOG.warn("autoscale {}: {}", DeploymentId.of(d), trigger, e);
        } else {
            LOG.debug("autoscale {}: {} again: {}", DeploymentId.of(d), trigger, message);
        }
    }

    private static AutoscaleStore.Decision decision(Deployment d, int to, String source, String trigger,
                                                    String values, String outcome, Instant now) {
        return new AutoscaleStore.Decision(DeploymentId.of(d), now, source, d.spec().instanceCountOrDefault(), to,
                trigger, values == null ? "" : values, outcome);
    }

    /** How long a request waits for an instance; a signal older than that has nobody waiting on it. */
    private static Duration requestTimeout(Deployment d) {
        return d.spec().requestSettingsOrDefault().requestTimeout();
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("autoscaling failed; the next tick tries again", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
