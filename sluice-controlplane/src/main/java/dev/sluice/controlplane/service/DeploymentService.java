package dev.sluice.controlplane.service;

import dev.sluice.controlplane.artifacts.ArtifactStore;
import dev.sluice.controlplane.artifacts.MlflowModels;
import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.DeploymentValidator;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.ModelType;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the management API does with deployments: validate (including that every uploaded path is an artifact
 * the server has), commit to the store, then wake the controller, which does the slow work. Calls block;
 * changes go through the shared {@link MutationLock}.
 */
public final class DeploymentService {

    private final Store store;
    private final ArtifactStore artifacts;
    private final DeploymentRuntime runtime;
    private final MutationLock lock;
    private final Clock clock;
    private final EntityTags tags = new EntityTags(SpecReader.create());
    private final AssetResolver resolver;
    private final MlflowModels mlflow = new MlflowModels();

    private DeploymentService(Store store, ArtifactStore artifacts, DeploymentRuntime runtime, MutationLock lock,
                              Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resolver = new AssetResolver(store);
    }

    public static DeploymentService create(Store store, ArtifactStore artifacts, DeploymentRuntime runtime,
                                           MutationLock lock, Clock clock) {
        return new DeploymentService(store, artifacts, runtime, lock, clock);
    }

    /** Creates the deployment in state Creating, generation 1; the controller starts its instances. */
    public Deployment create(String endpointName, DeploymentSpec spec) {
        DeploymentSpec checked = check(endpointName, spec);
        return lock.call(() -> {
            requireEndpoint(endpointName);
            requireArtifacts(checked);
            checkMlflowModel(checked);
            if (store.findDeployment(endpointName, checked.name()).isPresent()) {
                throw SluiceException.of(ErrorCode.CONFLICT, "deployment " + checked.name() + " already exists in endpoint "
                        + endpointName + " (expected: a new name; use update to change it)", "name");
            }
            Instant now = clock.instant();
            Deployment deployment = new Deployment(checked.withDefaults(), ProvisioningState.CREATING, "", 1, now, now);
            store.createDeployment(deployment);
            runtime.wake();
            return deployment;
        });
    }

    /** @throws SluiceException NOT_FOUND when the endpoint or the deployment does not exist */
    public Deployment get(String endpointName, String name) {
        requireEndpoint(endpointName);
        return store.findDeployment(endpointName, name).orElseThrow(() -> notFound(endpointName, name));
    }

    /** The endpoint's deployments, ordered by name. */
    public List<Deployment> list(String endpointName) {
        requireEndpoint(endpointName);
        return store.listDeployments(endpointName);
    }

    /**
     * The deployment's ETag: it changes with every committed change of the stored deployment (its spec, and the
     * state the controller gives it), not with its instances coming and going.
     */
    public String etag(Deployment deployment) {
        return tags.of(deployment);
    }

    /**
     * Replaces the deployment's spec (a PUT carries the full spec). The same spec again changes nothing; a
     * different one moves to the next generation in state Updating, and the controller rolls the instances.
     */
    public Deployment replace(String endpointName, String name, DeploymentSpec spec) {
        return replace(endpointName, name, spec, IfMatch.NONE);
    }

    /**
     * As {@link #replace(String, String, DeploymentSpec)}, if the deployment's ETag still satisfies
     * {@code ifMatch}. The check and the write are one step for changes made through the API (the lock); the
     * controller's verdicts on the state are not serialised with it, but the write itself still requires the
     * generation that was read, so a rollback in between is never overwritten.
     *
     * @throws SluiceException PRECONDITION_FAILED when it does not
     */
    public Deployment replace(String endpointName, String name, DeploymentSpec spec, IfMatch ifMatch) {
        Objects.requireNonNull(spec, "spec");
        DeploymentSpec named = matchName(name, spec);
        DeploymentSpec checked = keepsScaledToZero(endpointName, named)
                ? check(endpointName, named.withInstanceCount(1)).withInstanceCount(0).withDefaults()
                : check(endpointName, named).withDefaults();
        return lock.call(() -> {
            requireArtifacts(checked);
            checkMlflowModel(checked);
            // The controller may move the generation on meanwhile (a rollback); write against what was read.
            for (int attempt = 0; attempt < 3; attempt++) {
                Deployment existing = get(endpointName, name);
                ifMatch.require(tags.of(existing), "deployment " + name + " of endpoint " + endpointName);
                if (existing.spec().equals(checked)) {
                    return existing;
                }
                if (store.replaceDeploymentSpec(DeploymentId.of(existing), existing.generation(), checked,
                        clock.instant())) {
                    runtime.wake();
                    return get(endpointName, name);
                }
            }
            throw SluiceException.of(ErrorCode.CONFLICT, "deployment " + name + " of endpoint " + endpointName
                    + " kept changing while it was being updated (expected: a deployment at rest); try again");
        });
    }

    /**
     * An autoscale setting may have scaled the deployment to zero ({@code instance_count: 0}); a read-modify-write
     * of it (say {@code --set description=…}) sends that count back, and is not refused for keeping it.
     */
    private boolean keepsScaledToZero(String endpointName, DeploymentSpec spec) {
        return spec.instanceCount() != null && spec.instanceCount() == 0
                && store.findDeployment(endpointName, spec.name())
                .map(d -> d.spec().instanceCountOrDefault() == 0).orElse(false);
    }

    /**
     * Deletes the deployment unless it still gets live or mirrored traffic (Azure refuses that too): the user
     * moves the traffic first, so that deleting never drops requests by surprise.
     */
    public void delete(String endpointName, String name) {
        lock.run(() -> {
            Endpoint endpoint = requireEndpoint(endpointName);
            get(endpointName, name);
            EndpointSpec spec = endpoint.spec();
            refuseWithShare(name, endpointName, spec.traffic(), "traffic", "--traffic");
            refuseWithShare(name, endpointName, spec.mirrorTraffic(), "mirror traffic", "--mirror-traffic");
            store.deleteDeployment(endpointName, name);
            forgetShares(endpoint, name);
            runtime.wake();
            RoutingAfterCommit.publish(runtime, "the deletion of deployment " + name);
        });
    }

    /** The deployment's instances as the controller sees them now. */
    public List<InstanceRecord> instances(DeploymentId id) {
        return runtime.instances(id);
    }

    /** The deployment's recent instance events, oldest first. */
    public List<InstanceEvent> events(DeploymentId id) {
        return runtime.events(id);
    }

    private DeploymentSpec check(String endpointName, DeploymentSpec spec) {
        Objects.requireNonNull(spec, "spec");
        DeploymentSpec placed = spec;
        if (spec.endpointName() == null) {
            placed = spec.withEndpointName(endpointName);
        } else if (!spec.endpointName().equals(endpointName)) {
            throw SluiceException.badArgument("endpoint_name", spec.endpointName(),
                    endpointName + ", the endpoint named in the request path");
        }
        DeploymentValidator.validate(placed);
        // Registered references become what they stand for; the result is checked again, now that its type is known.
        DeploymentSpec resolved = DeploymentValidator.validate(resolver.resolve(placed));
        requireArtifactRefs(resolved);
        return resolved;
    }

    /** An MLflow model served without code must have an MLmodel with a flavour Sluice serves. */
    private void checkMlflowModel(DeploymentSpec spec) {
        boolean noCode = spec.codeConfiguration() == null || spec.codeConfiguration().scoringScript() == null;
        if (spec.model() != null && spec.model().typeOrDefault() == ModelType.MLFLOW_MODEL && noCode) {
            mlflow.read(artifacts.path(ArtifactRef.parse("model.path", spec.model().path())), "model.path");
        }
    }

    private static DeploymentSpec matchName(String pathName, DeploymentSpec spec) {
        if (spec.name() == null) {
            return spec.toBuilder().name(pathName).build();
        }
        if (!spec.name().equals(pathName)) {
            throw SluiceException.badArgument("name", spec.name(), pathName + ", the deployment named in the request path");
        }
        return spec;
    }

    /** The CLI uploads every local path and sends {@code sha256:} references; the server never reads client paths. */
    private static void requireArtifactRefs(DeploymentSpec spec) {
        for (Map.Entry<String, String> field : artifactFields(spec).entrySet()) {
            ArtifactRef.parse(field.getKey(), field.getValue());
        }
    }

    private void requireArtifacts(DeploymentSpec spec) {
        for (Map.Entry<String, String> field : artifactFields(spec).entrySet()) {
            ArtifactRef ref = ArtifactRef.parse(field.getKey(), field.getValue());
            if (!artifacts.exists(ref)) {
                throw SluiceException.badArgument(field.getKey(), ref, "an uploaded artifact; upload it first");
            }
        }
    }

    private static Map<String, String> artifactFields(DeploymentSpec spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (spec.model() != null && spec.model().path() != null) {
            fields.put("model.path", spec.model().path());
        }
        if (spec.codeConfiguration() != null && spec.codeConfiguration().code() != null) {
            fields.put("code_configuration.code", spec.codeConfiguration().code());
        }
        if (spec.environment() != null && spec.environment().condaFile() != null) {
            fields.put("environment.conda_file", spec.environment().condaFile());
        }
        return fields;
    }

    private static void refuseWithShare(String name, String endpointName, Map<String, Integer> shares, String what,
                                        String option) {
        Integer share = shares.get(name);
        if (share != null && share > 0) {
            throw SluiceException.of(ErrorCode.CONFLICT, "deployment " + name + " has " + share + "% of endpoint "
                    + endpointName + "'s " + what + "; move its traffic first (sluice online-endpoint update -n "
                    + endpointName + " " + option + " ...)", name);
        }
    }

    /** Drops the deleted deployment's zero entries, so that the endpoint's maps only name deployments that exist. */
    private void forgetShares(Endpoint endpoint, String name) {
        EndpointSpec spec = endpoint.spec();
        if (!spec.traffic().containsKey(name) && !spec.mirrorTraffic().containsKey(name)) {
            return;
        }
        Map<String, Integer> traffic = new LinkedHashMap<>(spec.traffic());
        Map<String, Integer> mirror = new LinkedHashMap<>(spec.mirrorTraffic());
        traffic.remove(name);
        mirror.remove(name);
        store.updateEndpoint(endpoint.withSpec(spec.withTraffic(traffic).withMirrorTraffic(mirror), clock.instant()));
    }

    private Endpoint requireEndpoint(String endpointName) {
        return store.findEndpoint(endpointName).orElseThrow(() -> SluiceException.of(ErrorCode.NOT_FOUND,
                "endpoint " + endpointName + " does not exist", "endpoint_name"));
    }

    private static SluiceException notFound(String endpointName, String name) {
        return SluiceException.of(ErrorCode.NOT_FOUND,
                "deployment " + name + " of endpoint " + endpointName + " does not exist", "name");
    }
}
