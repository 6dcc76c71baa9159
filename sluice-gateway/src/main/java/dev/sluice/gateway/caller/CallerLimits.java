package dev.sluice.gateway.caller;

import java.time.Duration;

/**
 * What a caller's connection may send and how long it may stay silent.
 *
 * @param maxHeaderBytes the most header bytes a request may carry (431 beyond)
 * @param idleTimeout    a connection that sends nothing for this long is closed
 */
public record CallerLimits(int maxHeaderBytes, Duration idleTimeout) {
}
