package dev.sluice.controlplane.identity;

import dev.sluice.controlplane.controller.PlatformVariables;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.store.Store;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Azure's managed identity variables for a deployment's workers: {@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER}, and the older {@code MSI_ENDPOINT} and {@code MSI_SECRET} with the same values. None
 * when the endpoint's {@code identity.type} is {@code none}.
 */
public final class IdentityVariables implements PlatformVariables {

    private final Store store;
    private final IdentitySecrets secrets;
    private final IntSupplier port;

    private IdentityVariables(Store store, IdentitySecrets secrets, IntSupplier port) {
        this.store = store;
        this.secrets = secrets;
        this.port = port;
    }

    /** @param port the identity endpoint's bound port, read when a worker starts */
    public static IdentityVariables create(Store store, IdentitySecrets secrets, IntSupplier port) {
        return new IdentityVariables(store, secrets, port);
    }

    @Override
    public Map<String, String> of(Deployment deployment) {
        Optional<Endpoint> endpoint = store.findEndpoint(deployment.endpointName());
        if (endpoint.isEmpty() || endpoint.get().spec().identityType().equals("none")) {
            return Map.of();
        }
        DeploymentId id = DeploymentId.of(deployment);
        String url = IdentityEndpoint.url(port.getAsInt(), id);
        String header = secrets.headerFor(id);
        return Map.of("IDENTITY_ENDPOINT", url, "IDENTITY_HEADER", header, "MSI_ENDPOINT", url, "MSI_SECRET", header);
    }
}
