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
 * change is recorded in the {@link AutoscaleStore}'s history. A deployment that is still Creating is left alone, and
 * so is one that is Failed (its spec is the user's to fix; the history says so once). A request waiting for a
 * deployment scaled to zero (posted on the {@link DemandBoard}) starts an instance at once.
 */
public final class Autoscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration REFRESH = Duration.ofSeconds(1);

    private final Store store;
    private final AutoscaleStore autoscale;
    private final DeploymentRuntime runtime;
    private final ScalePolicies policies;
    private final OnDemandDeployments onDemand;
    private final DemandBoard demand;
    private final Clock clock;
    private final Map<DeploymentId, ScalePolicy> active = new HashMap<>();
    private List<Deployment> deployments = List.of();
    private Instant refreshedAt;
    /** The generation whose refusal was recorded, so a Failed deployment does not fill the history. */
    private final Map<DeploymentId, Long> refusedGeneration = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-autoscaler");
        t.setDaemon(true);
        return t;
    });

    Autoscaler(Store store, AutoscaleStore autoscale, DeploymentRuntime runtime, ScalePolicies policies,
               OnDemandDeployments onDemand, DemandBoard demand, Clock clock) {
        this.store = store;
        this.autoscale = autoscale;
        this.runtime = runtime;
        this.policies = policies;
        this.onDemand = onDemand;
        this.demand = demand;
        this.clock = clock;
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
        Set<DeploymentId> waiting = demand.take();
        if (refreshedAt == null || !waiting.isEmpty() || !now.isBefore(refreshedAt.plus(REFRESH))) {
            refresh(now);
        }
        for (Deployment d : deployments) {
            DeploymentId id = DeploymentId.of(d);
            ScalePolicy policy = active.get(id);
            boolean demanded = waiting.contains(id);
            if (policy != null && settled(d)) {
                scale(d, policy, demanded, now);
            }
        }
    }

    private void refresh(Instant now) {
        deployments = store.listAllDeployments();
        Map<DeploymentId, AutoscaleStore.StoredSetting> settings = autoscale.listSettings().stream()
                .collect(Collectors.toMap(AutoscaleStore.StoredSetting::deployment, s -> s));
        Map<DeploymentId, ScalePolicy> fresh = new HashMap<>();
        for (Deployment d : deployments) {
            DeploymentId id = DeploymentId.of(d);
            policies.policyFor(d, Optional.ofNullable(settings.get(id)), active.get(id))
                    .ifPresent(policy -> fresh.put(id, policy));
        }
        active.clear();
        active.putAll(fresh);
        refusedGeneration.keySet().retainAll(active.keySet());
        refreshedAt = now;
        Set<DeploymentId> scalesToZero = active.entrySet().stream().filter(e -> e.getValue().scalesToZero())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (onDemand.replace(scalesToZero)) {
            runtime.publishRouting();
        }
    }

    private void scale(Deployment d, ScalePolicy policy, boolean demanded, Instant now) {
        if (demanded && d.spec().instanceCountOrDefault() == 0 && policy.scalesToZero()) {
            policy.demanded(now);
            apply(d, policy, new ScalePolicy.Proposal(1, "scale from zero", "a request is waiting for an instance",
                    "instances = 0"), now);
            return;
        }
        policy.evaluate(d, now).ifPresent(p -> apply(d, policy, p, now));
    }

    /** Creating: the user's count comes first. Failed: a change of spec is the user's to make. */
    private boolean settled(Deployment d) {
        if (d.state() != ProvisioningState.CREATING && d.state() != ProvisioningState.FAILED) {
            return true;
        }
        DeploymentId id = DeploymentId.of(d);
        Long refused = refusedGeneration.get(id);
        if (d.state() == ProvisioningState.FAILED && (refused == null || refused != d.generation())) {
            refusedGeneration.put(id, d.generation());
            record(d, d.spec().instanceCountOrDefault(), "autoscaler", "the deployment is Failed", d.reason(),
                    "not scaling until its spec changes", clock.instant());
        }
        return false;
    }

    private void apply(Deployment d, ScalePolicy policy, ScalePolicy.Proposal p, Instant now) {
        int from = d.spec().instanceCountOrDefault();
        if (p.count() == from) {
            return;
        }
        DeploymentId id = DeploymentId.of(d);
        if (!store.replaceDeploymentSpec(id, d.generation(), d.spec().withInstanceCount(p.count()), now)) {
            refreshedAt = null; // changed meanwhile (the user, or deleted): look again on the next tick
            return;
        }
        policy.scaled(now);
        record(d, p.count(), p.source(), p.trigger(), p.values(), "applied", now);
        LOG.info("autoscale {}: {} → {} instance(s) ({})", id, from, p.count(), p.trigger());
        runtime.wake();
        store.findDeployment(id.endpointName(), id.deploymentName()).ifPresent(fresh -> deployments =
                deployments.stream().map(old -> DeploymentId.of(old).equals(id) ? fresh : old).toList());
    }

    private void record(Deployment d, int to, String source, String trigger, String values, String outcome,
                        Instant now) {
        autoscale.appendDecision(new AutoscaleStore.Decision(DeploymentId.of(d), now, source,
                d.spec().instanceCountOrDefault(), to, trigger, values == null ? "" : values, outcome));
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
