package dev.sluice.controlplane.controller;

import dev.sluice.controlplane.environments.EnvironmentResolver;
import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.routing.SnapshotPublisher;
import dev.sluice.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles desired state (the store) with actual state (instance processes) and publishes the routing
 * snapshot. Everything it mutates lives on one thread, the controller thread; other threads talk to it
 * through {@link DeploymentRuntime}.
 */
public final class Controller implements DeploymentRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Store store;
    private final ControllerOptions options;
    private final ScheduledExecutorService thread;
    private final InstanceTable table = new InstanceTable();
    private final InstanceEvents events;
    private final InstanceLauncher launcher;
    private final DeploymentReconciler reconciler;
    private final InstanceFailures failures;
    private final ReadinessChecker readiness;
    private final LivenessChecker liveness;
    private final RoutingPublication routing;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final DataDir dataDir;
    /** The deployments of the last reconcile, to notice the ones that were deleted. */
    private final java.util.Set<DeploymentId> known = new java.util.HashSet<>();
    /** Deployments deleted from the store whose instances may still be stopping; their folders go after. */
    private final java.util.Set<DeploymentId> retiring = new java.util.HashSet<>();
    /** Set first thing on close: from then on nothing starts, so no worker outlives its server. */
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread controllerThread;

    private Controller(Store store, ComputeBackend backend, WorkerConfigs configs, DataDir dataDir,
                       SnapshotPublisher publisher, WorkerProbe probe, EnvironmentResolver environments, Clock clock,
                       ControllerOptions options) {
        this.store = store;
        this.options = options;
        this.dataDir = dataDir;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-controller");
            t.setDaemon(true);
            controllerThread = t;
            return t;
        });
        this.events = new InstanceEvents(clock);
        this.launcher = new InstanceLauncher(backend, configs, dataDir, store, events, clock, thread, new SecureRandom());
        this.failures = new InstanceFailures(table, launcher, store, events, clock, options.backoff(),
                this::requestStop);
        this.reconciler = new DeploymentReconciler(table, launcher, store, events, clock, this::requestStop,
                new PythonEnvironments(environments, configs, dataDir, thread, this::wake, clock), failures);
        this.launcher.onExit(failures);
        this.readiness = new ReadinessChecker(probe, clock, thread, events, this::wake);
        this.liveness = new LivenessChecker(probe, clock, thread, events);
        this.routing = new RoutingPublication(publisher);
    }

    public static Controller create(Store store, ComputeBackend backend, WorkerConfigs configs, DataDir dataDir,
                                    SnapshotPublisher publisher, WorkerProbe probe, EnvironmentResolver environments,
                                    Clock clock, ControllerOptions options) {
        return new Controller(store, backend, configs, dataDir, publisher, probe, environments, clock, options);
    }

    /** Adopts the workers an earlier server left running (or forgets them), then reconciles every tick. */
    public void start() {
        runOnThread(this::adoptSurvivors);
        long tick = options.tick().toMillis();
        thread.scheduleWithFixedDelay(this::reconcileSafely, 0, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public void wake() {
        if (!closed.get() && wakePending.compareAndSet(false, true)) {
            thread.execute(() -> {
                wakePending.set(false);
                reconcileSafely();
            });
        }
    }

    @Override
    public void publishRouting() {
        runOnThread(this::reconcileSafely);
    }

    @Override
    public List<InstanceRecord> instances(DeploymentId deployment) {
        return table.publishedView(deployment);
    }

    @Override
    public List<String> events(DeploymentId deployment) {
        return events.of(deployment);
    }

    /** Stops every instance (SIGTERM, then kill after the grace) and waits for them, for a server shutdown. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Integer>> exits = call(() -> table.all().stream()
                .filter(Instance::isRunning)
                .map(i -> {
                    var exit = i.process.onExit();
                    launcher.stop(i, options.stopGrace());
                    return exit;
                }).toList());
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(options.stopGrace().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("some instances did not stop in time: {}", e.toString());
        }
        thread.shutdownNow();
    }

    private void adoptSurvivors() {
        Map<DeploymentId, Deployment> deployments = new HashMap<>();
        store.listAllDeployments().forEach(d -> deployments.put(DeploymentId.of(d), d));
        deployments.values().forEach(failures::rememberFailed);
        for (InstanceRecord record : store.listInstances()) {
            DeploymentId id = new DeploymentId(record.endpointName(), record.deploymentName());
            Deployment d = deployments.get(id);
            boolean adopted = false;
            if (d != null) {
                RuntimeFingerprint fp = record.generation() == d.generation()
                        ? reconciler.fingerprint(d) : new RuntimeFingerprint("generation-" + record.generation());
                Instance instance = launcher.existing(record, fp);
                try {
                    adopted = launcher.adopt(instance, record, d);
                } catch (RuntimeException e) {
                    LOG.warn("cannot adopt instance {}: {}", record.id(), e.getMessage());
                }
                if (adopted) {
                    table.add(instance);
                }
            }
            if (!adopted) {
                store.deleteInstance(record.id());
            }
        }
        table.publishView();
    }

    private void reconcileSafely() {
        if (closed.get()) {
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.error("reconcile failed; retrying on the next tick", e);
        }
    }

    private void reconcile() {
        List<Endpoint> endpoints = store.listEndpoints();
        List<Deployment> deployments = store.listAllDeployments();
        Map<DeploymentId, Deployment> byId = new HashMap<>();
        deployments.forEach(d -> byId.put(DeploymentId.of(d), d));
        retireDeleted(byId.keySet());
        for (Deployment d : deployments) {
            reconciler.reconcile(d);
            for (Instance i : List.copyOf(table.of(DeploymentId.of(d)))) {
                readiness.check(i, d);
                liveness.check(i, d);
            }
        }
        table.publishView();
        launcher.saveChanged(table.all());
        routing.publishIfChanged(endpoints, deployments, table);
    }

    /** Stops the instances of deleted deployments, and drops their folders once every instance is gone. */
    private void retireDeleted(java.util.Set<DeploymentId> current) {
        known.stream().filter(id -> !current.contains(id)).forEach(retiring::add);
        table.deployments().stream().filter(id -> !current.contains(id)).forEach(retiring::add);
        known.clear();
        known.addAll(current);
        retiring.removeIf(id -> {
            if (current.contains(id)) {
                return true; // created again under the same name: its folder is in use
            }
            List<Instance> left = table.of(id);
            if (!left.isEmpty()) {
                left.stream().filter(i -> !i.isTerminating()).toList().forEach(this::requestStop);
                return false;
            }
            FolderDeletion.delete(dataDir.deploymentDir(id));
            reconciler.forget(id);
            return true;
        });
    }

    /**
     * Takes the instance out of rotation now and stops it after the drain delay, so that requests the
     * gateway routed to it just before the new snapshot still find it listening.
     */
    private void requestStop(Instance instance) {
        if (instance.isTerminating()) {
            return;
        }
        // The instance's own timeout: its deployment may be deleted already.
        Duration grace = instance.requestTimeout.plus(options.stopGrace());
        instance.state = InstanceState.TERMINATING;
        if (instance.process == null) {
            table.remove(instance);
            launcher.discard(instance);
            return;
        }
        thread.schedule(() -> launcher.stop(instance, grace), options.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the controller thread and waits for it (directly when already on it). */
    private <T> T call(java.util.concurrent.Callable<T> task) {
        if (Thread.currentThread() == controllerThread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return thread.submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the controller", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("controller call failed: " + e, e);
        }
    }

    private void runOnThread(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }
}
