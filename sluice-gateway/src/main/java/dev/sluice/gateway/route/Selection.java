package dev.sluice.gateway.route;

import dev.sluice.core.routing.DeploymentRoute;

/** The deployment a request goes to, and how it was chosen. */
public record Selection(DeploymentRoute deployment, RoutedBy routedBy) {
}
