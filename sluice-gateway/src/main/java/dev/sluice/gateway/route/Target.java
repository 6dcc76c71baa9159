package dev.sluice.gateway.route;

/**
 * Where a scoring request goes: the endpoint named by its path or host, and the URI to send to the worker
 * (path and query string).
 */
public record Target(String endpoint, String forwardUri) {
}
