package dev.sluice.core.testing;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link Store} in memory for unit tests of other modules. It keeps the contract of the real store:
 * the same NOT_FOUND / CONFLICT cases, cascading deletes, orderings, and after {@link #close()} every call
 * fails with INTERNAL. Every method holds one lock, so each call is atomic as a transaction would be.
 */
public final class InMemoryStore implements Store {

    private final TreeMap<String, Endpoint> endpoints = new TreeMap<>();
    // Keyed by (endpoint, name) in that order, so iteration is the order listAllDeployments promises.
    private final TreeMap<String, TreeMap<String, Deployment>> deployments = new TreeMap<>();
    private final TreeMap<String, InstanceRecord> instances = new TreeMap<>();
    private final List<RegisteredAsset> assets = new ArrayList<>();
    private boolean closed;

    private InMemoryStore() {
    }

    public static InMemoryStore create() {
        return new InMemoryStore();
    }

    @Override
    public synchronized void createEndpoint(Endpoint endpoint) {
        open();
        if (endpoints.containsKey(endpoint.name())) {
            throw SluiceException.of(ErrorCode.CONFLICT, "endpoint '" + endpoint.name() + "' already exists",
                    endpoint.name());
        }
        endpoints.put(endpoint.name(), endpoint);
    }

    @Override
    public synchronized Optional<Endpoint> findEndpoint(String name) {
        open();
        return Optional.ofNullable(endpoints.get(name));
    }

    @Override
    public synchronized List<Endpoint> listEndpoints() {
        open();
        return List.copyOf(endpoints.values());
    }

    @Override
    public synchronized void updateEndpoint(Endpoint endpoint) {
        open();
        if (!endpoints.containsKey(endpoint.name())) {
            throw SluiceException.notFound("endpoint '" + endpoint.name() + "'");
        }
        endpoints.put(endpoint.name(), endpoint);
    }

    @Override
    public synchronized boolean deleteEndpoint(String name) {
        open();
        if (endpoints.remove(name) == null) {
            return false;
        }
        deployments.remove(name);
        instances.values().removeIf(i -> Objects.equals(i.endpointName(), name));
        return true;
    }

    @Override
    public synchronized void createDeployment(Deployment deployment) {
        open();
        if (!endpoints.containsKey(deployment.endpointName())) {
            throw SluiceException.notFound("endpoint '" + deployment.endpointName() + "'");
        }
        TreeMap<String, Deployment> ofEndpoint =
                deployments.computeIfAbsent(deployment.endpointName(), k -> new TreeMap<>());
        if (ofEndpoint.containsKey(deployment.name())) {
            throw SluiceException.of(ErrorCode.CONFLICT, "deployment '" + DeploymentId.of(deployment)
                    + "' already exists", deployment.name());
        }
        ofEndpoint.put(deployment.name(), deployment);
    }

    @Override
    public synchronized Optional<Deployment> findDeployment(String endpointName, String name) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(endpointName);
        return Optional.ofNullable(ofEndpoint == null ? null : ofEndpoint.get(name));
    }

    @Override
    public synchronized List<Deployment> listDeployments(String endpointName) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(endpointName);
        return ofEndpoint == null ? List.of() : List.copyOf(ofEndpoint.values());
    }

    @Override
    public synchronized List<Deployment> listAllDeployments() {
        open();
        List<Deployment> all = new ArrayList<>();
        deployments.values().forEach(ofEndpoint -> all.addAll(ofEndpoint.values()));
        return List.copyOf(all);
    }

    @Override
    public synchronized void updateDeployment(Deployment deployment) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(deployment.endpointName());
        if (ofEndpoint == null || !ofEndpoint.containsKey(deployment.name())) {
            throw SluiceException.notFound("deployment '" + DeploymentId.of(deployment) + "'");
        }
        ofEndpoint.put(deployment.name(), deployment);
    }

    /** Atomic here (one lock), unlike the interface's default of find-then-update. */
    @Override
    public synchronized boolean updateDeploymentState(DeploymentId id, long generation, ProvisioningState state,
                                                      String reason, Instant now) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(id.endpointName());
        Deployment current = ofEndpoint == null ? null : ofEndpoint.get(id.deploymentName());
        if (current == null || current.generation() != generation) {
            return false;
        }
        ofEndpoint.put(current.name(), current.withState(state, reason, now));
        return true;
    }

    @Override
    public synchronized boolean replaceDeploymentSpec(DeploymentId id, long expectedGeneration,
                                                      dev.sluice.core.spec.DeploymentSpec spec, Instant now) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(id.endpointName());
        Deployment current = ofEndpoint == null ? null : ofEndpoint.get(id.deploymentName());
        if (current == null || current.generation() != expectedGeneration) {
            return false;
        }
        ofEndpoint.put(current.name(), current.withNewSpec(spec, now));
        return true;
    }

    @Override
    public synchronized boolean updateDeploymentIf(long expectedGeneration, Deployment deployment) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(deployment.endpointName());
        Deployment current = ofEndpoint == null ? null : ofEndpoint.get(deployment.name());
        if (current == null || current.generation() != expectedGeneration) {
            return false;
        }
        ofEndpoint.put(deployment.name(), deployment);
        return true;
    }

    @Override
    public synchronized boolean deleteDeployment(String endpointName, String name) {
        open();
        TreeMap<String, Deployment> ofEndpoint = deployments.get(endpointName);
        if (ofEndpoint == null || ofEndpoint.remove(name) == null) {
            return false;
        }
        if (ofEndpoint.isEmpty()) {
            deployments.remove(endpointName);
        }
        instances.values().removeIf(i -> Objects.equals(i.endpointName(), endpointName)
                && Objects.equals(i.deploymentName(), name));
        return true;
    }

    @Override
    public synchronized void saveInstance(InstanceRecord instance) {
        open();
        instances.put(Objects.requireNonNull(instance.id(), "instance.id"), instance);
    }

    @Override
    public synchronized void deleteInstance(String id) {
        open();
        instances.remove(id);
    }

    @Override
    public synchronized List<InstanceRecord> listInstances() {
        open();
        return List.copyOf(instances.values());
    }

    @Override
    public synchronized void createAsset(RegisteredAsset asset) {
        open();
        if (findAsset(asset.kind(), asset.name(), asset.version()).isPresent()) {
            throw SluiceException.of(ErrorCode.CONFLICT, asset.describe() + " already exists", asset.name());
        }
        assets.add(asset);
    }

    @Override
    public synchronized Optional<RegisteredAsset> findAsset(AssetKind kind, String name, String version) {
        open();
        return assets.stream().filter(a -> a.kind() == kind && a.name().equals(name) && a.version().equals(version))
                .findFirst();
    }

    @Override
    public synchronized Optional<RegisteredAsset> latestAsset(AssetKind kind, String name) {
        List<RegisteredAsset> versions = listAssets(kind, name, false);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized List<RegisteredAsset> listAssets(AssetKind kind, String name, boolean includeArchived) {
        open();
        // Registration order within a name, as the real store's sequence orders them.
        return assets.stream().filter(a -> a.kind() == kind && (name == null || a.name().equals(name)))
                .filter(a -> includeArchived || !a.archived())
                .sorted(java.util.Comparator.comparing(RegisteredAsset::name)).toList();
    }

    @Override
    public synchronized boolean setAssetArchived(AssetKind kind, String name, String version, boolean archived) {
        Optional<RegisteredAsset> found = findAsset(kind, name, version);
        found.ifPresent(a -> assets.set(assets.indexOf(a), a.withArchived(archived)));
        return found.isPresent();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw SluiceException.of(ErrorCode.INTERNAL, "store: the store is closed");
        }
    }
}
