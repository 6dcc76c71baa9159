package dev.sluice.gateway.route;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.TrafficSchedule;
import dev.sluice.gateway.http.GatewayHeaders;
import java.util.TreeSet;

/**
 * Chooses the deployment: the one named in {@code azureml-model-deployment} (even at 0% traffic), else the
 * next one of the endpoint's traffic schedule.
 */
public final class DeploymentSelector {

    private static final int MAX_ECHOED_NAME = 64;

    /**
     * @param requested the header's value, or null
     * @throws SluiceException NOT_FOUND for an unknown deployment or when no deployment has traffic,
     *                         NO_READY_INSTANCE when the schedule names a deployment the snapshot lacks
     */
    public Selection select(EndpointRoute endpoint, String requested) {
        if (requested != null && !requested.isBlank()) {
            String name = requested.trim();
            DeploymentRoute deployment = endpoint.deployment(name);
            if (deployment == null) {
                throw SluiceException.of(ErrorCode.NOT_FOUND, "deployment '" + shown(name) + "' (header "
                        + GatewayHeaders.DEPLOYMENT + ") does not exist in endpoint '" + endpoint.name()
                        + "' (deployments: " + String.join(", ", new TreeSet<>(endpoint.deployments().keySet()))
                        + ")", GatewayHeaders.DEPLOYMENT);
            }
            return new Selection(deployment, RoutedBy.HEADER);
        }
        TrafficSchedule traffic = endpoint.traffic();
        String name = traffic == null ? null : traffic.next();
        if (name == null) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "endpoint '" + endpoint.name() + "': no deployment has "
                    + "traffic (set the endpoint's traffic, or name a deployment in header "
                    + GatewayHeaders.DEPLOYMENT + ")");
        }
        DeploymentRoute deployment = endpoint.deployment(name);
        if (deployment == null) {
            throw SluiceException.of(ErrorCode.NO_READY_INSTANCE, "deployment '" + name + "' of endpoint '"
                    + endpoint.name() + "' has no ready instance");
        }
        return new Selection(deployment, RoutedBy.TRAFFIC);
    }

    private static String shown(String name) {
        return name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "…";
    }
}
