package dev.sluice.gateway;

import dev.sluice.core.metrics.DemandSignal;
import dev.sluice.core.routing.RoutingTable;
import dev.sluice.gateway.balance.DeploymentStates;
import dev.sluice.gateway.balance.InstanceLoad;
import dev.sluice.gateway.forward.MirrorSlots;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.route.Authenticator;
import dev.sluice.gateway.route.DeploymentSelector;
import dev.sluice.gateway.route.EndpointResolver;
import dev.sluice.gateway.route.NetworkAccessCheck;
import dev.sluice.gateway.route.RateLimits;

/** What all of a gateway's event loops share: the routing, the steps, and the gateway-wide counters. */
record GatewayShared(GatewayOptions options, RoutingTable routing, EndpointResolver resolver,
                     NetworkAccessCheck access, Authenticator authenticator, RateLimits rateLimits,
                     DeploymentSelector selector, DeploymentStates states, InstanceLoad load, GatewayMetrics metrics,
                     MirrorSlots mirrorSlots, DemandSignal demand) {
}
