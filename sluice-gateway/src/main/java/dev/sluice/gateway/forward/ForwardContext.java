package dev.sluice.gateway.forward;

import dev.sluice.gateway.balance.InstanceLoad;
import io.vertx.core.Vertx;

/**
 * What every forwarded request on one event loop shares: Vert.x, that loop's worker connections (and its timers),
 * the gateway-wide instance load and the body limit.
 */
public record ForwardContext(Vertx vertx, WorkerConnections workers, InstanceLoad load, long maxRequestBytes) {
}
