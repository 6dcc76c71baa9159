package dev.sluice.gateway.forward;

import dev.sluice.core.routing.DeploymentRoute;
import dev.sluice.core.routing.InstanceRoute;
import dev.sluice.gateway.balance.DeploymentState;
import dev.sluice.gateway.balance.InstanceLoad;
import java.util.ArrayList;
import java.util.List;

/**
 * Which instance one forward tries next: the deployment's pick among its ready instances, leaving out those that
 * refused this request's connection already (nothing reached them, so trying another is safe).
 */
final class InstanceChoice {

    private final DeploymentRoute route;
    private final DeploymentState state;
    private final InstanceLoad load;
    private List<String> refused;

    InstanceChoice(DeploymentRoute route, DeploymentState state, InstanceLoad load) {
        this.route = route;
        this.state = state;
        this.load = load;
    }

    /** The first instance to try, or null when none is ready. */
    InstanceRoute first() {
        return state.pick(route.readyInstances(), load);
    }

    /** The next instance after {@code instance} refused the connection, or null when every ready one has. */
    InstanceRoute afterRefusal(InstanceRoute instance) {
        if (refused == null) {
            refused = new ArrayList<>(2);
        }
        refused.add(instance.id());
        List<InstanceRoute> candidates = new ArrayList<>(route.readyInstances().size());
        for (InstanceRoute candidate : route.readyInstances()) {
            if (!refused.contains(candidate.id())) {
                candidates.add(candidate);
            }
        }
        return state.pick(candidates, load);
    }

    /** Why no instance could be had, with how many refused. */
    String noneReady() {
        String tried = refused == null ? "" : " (" + refused.size() + " refused the connection)";
        return "deployment '" + route.name() + "' has no ready instance" + tried;
    }
}
