package dev.sluice.controlplane.controller;

import dev.sluice.controlplane.environments.EnvironmentResolver;
import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.routing.OnDemandDeployments;
import dev.sluice.core.routing.SnapshotPublisher;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles desired state (the store) with actual state (instance processes) and publishes the routing
 * snapshot. A pass ({@link #reconcileOnce}) applies what other threads reported (probe answers, exits), moves
 * each deployment towards its spec, sends due probes and stop signals, and publishes the instances and the
 * routing. Passes run on one thread, the controller thread ({@link ControllerLoop}); tests step them by hand.
 */
public final class Controller implements DeploymentRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final Store store;
    private final ControllerOptions options;
    private final Clock clock;
    private final ControllerLoop loop;
    private final ControllerInbox inbox;
    private final SpecReader json = SpecReader.create();
    private final InstanceRoster roster = new InstanceRoster();
    private final InstanceEvents events;
    private final InstanceRecords records;
    private final InstanceStops stops;
    private final InstanceLauncher launcher;
    private final InstanceFailures failures;
    private final DeploymentReconciler reconciler;
    private final DeletedDeployments deleted;
    private final Prober prober;
    private final RoutingPublication publication;
    /** Set first thing on close: from then on no pass runs, so nothing starts and no worker outlives its server. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private Controller(Store store, ComputeBackend backend, WorkerConfigs configs, DataDir dataDir,
                       Routing routing, WorkerProbe probe, EnvironmentResolver environments, Clock clock,
                       ControllerOptions options) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.loop = new ControllerLoop(this::reconcileLogged);
        this.inbox = new ControllerInbox(loop::wake);
        this.events = new InstanceEvents(clock);
        this.records = new InstanceRecords(store);
        this.stops = new InstanceStops(roster, records, clock, options, loop::wakeAfter);
        this.failures = new InstanceFailures(roster, records, stops, store, events, clock, options.backoff());
        this.launcher = new InstanceLauncher(backend, configs, dataDir, events, records, clock, inbox,
                new SecureRandom(), failures);
        this.reconciler = new DeploymentReconciler(roster, launcher, records, stops, store, events, clock,
                new PythonEnvironments(environments, configs, dataDir, loop::wake, clock), failures);
        this.deleted = new DeletedDeployments(roster, stops, dataDir, reconciler::forget);
        this.prober = new Prober(probe, clock, inbox);
        this.publication = new RoutingPublication(store, roster::publishedReady, routing.onDemand(),
                routing.publisher());
    }

    /**
     * Where the controller's routing goes, and what it needs from elsewhere to build it.
     *
     * @param onDemand the deployments whose instances the autoscaler starts on demand
     */
    public record Routing(SnapshotPublisher publisher, OnDemandDeployments onDemand) {

        public static Routing to(SnapshotPublisher publisher) {
            return new Routing(publisher, OnDemandDeployments.create());
        }
    }

    public static Controller create(Store store, ComputeBackend backend, WorkerConfigs configs, DataDir dataDir,
                                    Routing routing, WorkerProbe probe, EnvironmentResolver environments,
                                    Clock clock, ControllerOptions options) {
        return new Controller(store, backend, configs, dataDir, routing, probe, environments, clock, options);
    }

    /** Adopts the workers an earlier server left running (or forgets them), then reconciles every tick. */
    public void start() {
        loop.start(this::adoptSurvivors, options.tick());
    }

    /**
     * Takes over the workers an earlier server started that are still running, and forgets the records of those
     * that are gone. The loop does this once, before its first pass; public so that tests can do it by hand.
     */
    public void adoptSurvivors() {
        Map<DeploymentId, Deployment> deployments = new HashMap<>();
        store.listAllDeployments().forEach(d -> deployments.put(DeploymentId.of(d), d));
        deployments.values().forEach(failures::rememberFailed);
        for (InstanceRecord record : store.listInstances()) {
            Deployment d = deployments.get(new DeploymentId(record.endpointName(), record.deploymentName()));
            Optional<InstanceLifecycle> adopted = Optional.empty();
            try {
                adopted = d == null ? adopted : launcher.adopt(record, DesiredDeployment.of(d, json));
            } catch (RuntimeException e) {
                LOG.warn("cannot adopt instance {}: {}", record.id(), e.getMessage());
            }
            adopted.ifPresentOrElse(roster::add, () -> records.forget(record.id()));
        }
        roster.publish();
    }

    /**
     * One pass: applies what other threads reported, reconciles every deployment, sends the probes and stop
     * signals that are due, then publishes the instances and the routing. The loop runs it every tick and when
     * woken; public so that tests can step the controller on a fake clock. Run it on one thread at a time.
     */
    public void reconcileOnce() {
        if (closed.get()) {
            return;
        }
        inbox.drain();
        List<DesiredDeployment> desired = store.listAllDeployments().stream()
                .map(d -> DesiredDeployment.of(d, json)).toList();
        deleted.retire(desired.stream().map(DesiredDeployment::id).collect(Collectors.toSet()));
        for (DesiredDeployment d : desired) {
            reconciler.reconcile(d);
            roster.of(d.id()).forEach(i -> prober.probeDue(i, d.probes()));
        }
        stops.signalDue();
        roster.publish();
        records.saveChanged(roster.all());
        publication.publish();
    }

    @Override
    public void wake() {
        loop.wake();
    }

    /** Runs on the caller's thread; never starts or stops an instance. */
    @Override
    public void publishRouting() {
        publication.publish();
    }

    @Override
    public List<InstanceRecord> instances(DeploymentId deployment) {
        return roster.publishedRecords(deployment);
    }

    @Override
    public List<InstanceEvent> events(DeploymentId deployment) {
        return events.of(deployment);
    }

    /** Stops every instance (SIGTERM, then kill after the grace) and waits for them, for a server shutdown. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Integer>> exits = loop.stop(() -> roster.all().stream()
                .map(InstanceLifecycle::process)
                .filter(java.util.Objects::nonNull)
                .map(this::stopForShutdown)
                .toList());
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(options.stopGrace().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("some instances did not stop in time: {}", e.toString());
        }
    }

    private CompletableFuture<Integer> stopForShutdown(RunningInstance process) {
        CompletableFuture<Integer> exit = process.onExit();
        process.stop(options.stopGrace());
        return exit;
    }

    /** The loop's pass: a failing pass is logged and the next tick tries again; the loop must not die of it. */
    private void reconcileLogged() {
        try {
            reconcileOnce();
        } catch (RuntimeException e) {
            LOG.error("reconcile pass failed; the next tick tries again", e);
        }
    }
}
