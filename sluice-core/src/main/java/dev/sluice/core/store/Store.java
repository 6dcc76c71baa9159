package dev.sluice.core.store;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.registry.AssetKind;
import dev.sluice.core.registry.RegisteredAsset;
import dev.sluice.core.spec.DeploymentSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where committed state lives: endpoints, deployments, the instances the controller started and the registry's
 * model and environment versions.
 * Every method is one durable transaction: once it returns, a crash of the server loses nothing of it.
 * Implementations throw {@code SluiceException} with {@code NOT_FOUND} or {@code CONFLICT} for the cases
 * named below and {@code INTERNAL} when the database fails. Calls block; keep them off event loops.
 */
public interface Store extends AutoCloseable {

    /** @throws dev.sluice.core.error.SluiceException CONFLICT when an endpoint of that name exists */
    void createEndpoint(Endpoint endpoint);

    Optional<Endpoint> findEndpoint(String name);

    /** All endpoints, ordered by name. */
    List<Endpoint> listEndpoints();

    /** @throws dev.sluice.core.error.SluiceException NOT_FOUND when there is no such endpoint */
    void updateEndpoint(Endpoint endpoint);

    /** Deletes the endpoint with its deployments and instance records; false when it did not exist. */
    boolean deleteEndpoint(String name);

    /**
     * @throws dev.sluice.core.error.SluiceException NOT_FOUND when the endpoint is missing,
     *                                               CONFLICT when the deployment exists
     */
    void createDeployment(Deployment deployment);

    Optional<Deployment> findDeployment(String endpointName, String name);

    /** The endpoint's deployments, ordered by name. */
    List<Deployment> listDeployments(String endpointName);

    /** Every deployment of every endpoint, ordered by endpoint then name. */
    List<Deployment> listAllDeployments();

    /** @throws dev.sluice.core.error.SluiceException NOT_FOUND when there is no such deployment */
    void updateDeployment(Deployment deployment);

    /**
     * Sets state and reason only if the deployment still has {@code generation}: the controller's verdict on
     * one generation must not overwrite a spec that the API replaced meanwhile. False when it did not apply.
     * Implementations should make this one atomic statement; the default is for simple stores.
     */
    default boolean updateDeploymentState(DeploymentId id, long generation, ProvisioningState state, String reason,
                                          Instant now) {
        Optional<Deployment> current = findDeployment(id.endpointName(), id.deploymentName());
        if (current.isEmpty() || current.get().generation() != generation) {
            return false;
        }
        updateDeployment(current.get().withState(state, reason, now));
        return true;
    }

    /**
     * Replaces the deployment only if the stored one still has {@code expectedGeneration}; false when it did
     * not apply (deleted, or replaced by the API meanwhile). Implementations should make this one atomic
     * statement; the default is for simple stores.
     */
    default boolean updateDeploymentIf(long expectedGeneration, Deployment deployment) {
        Optional<Deployment> current = findDeployment(deployment.endpointName(), deployment.name());
        if (current.isEmpty() || current.get().generation() != expectedGeneration) {
            return false;
        }
        updateDeployment(deployment);
        return true;
    }

    /**
     * A new desired spec, if the stored deployment still has {@code expectedGeneration}: the spec is replaced,
     * the generation moves to {@code expectedGeneration + 1} and the state to Updating. The controller's own
     * columns ({@code lastSucceededSpec}) are left as they are, so an API update never undoes what the
     * controller wrote meanwhile. False when it did not apply. Implementations should make this one atomic
     * statement; the default is for simple stores.
     */
    default boolean replaceDeploymentSpec(DeploymentId id, long expectedGeneration, DeploymentSpec spec, Instant now) {
        Optional<Deployment> current = findDeployment(id.endpointName(), id.deploymentName());
        if (current.isEmpty() || current.get().generation() != expectedGeneration) {
            return false;
        }
        updateDeployment(current.get().withNewSpec(spec, now));
        return true;
    }

    /** Deletes the deployment and its instance records; false when it did not exist. */
    boolean deleteDeployment(String endpointName, String name);

    /** Inserts or replaces the record with the same id. */
    void saveInstance(InstanceRecord instance);

    void deleteInstance(String id);

    /** Every recorded instance, ordered by id. */
    List<InstanceRecord> listInstances();

    /**
     * Registers a model or environment version.
     *
     * @throws dev.sluice.core.error.SluiceException CONFLICT when that kind, name and version exist: versions are
     *                                               immutable
     */
    void createAsset(RegisteredAsset asset);

    Optional<RegisteredAsset> findAsset(AssetKind kind, String name, String version);

    /** The version of {@code name} registered last that is not archived (what {@code @latest} means). */
    Optional<RegisteredAsset> latestAsset(AssetKind kind, String name);

    /**
     * The versions of {@code name}, or of every name when it is null: ordered by name, then oldest first.
     * Archived versions only when {@code includeArchived}.
     */
    List<RegisteredAsset> listAssets(AssetKind kind, String name, boolean includeArchived);

    /** Archives or restores a version; false when it does not exist. */
    boolean setAssetArchived(AssetKind kind, String name, String version, boolean archived);

    @Override
    void close();
}
