package dev.sluice.gateway.auth;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;

/** The 401s of token checks: one message shape, {@code token rejected: <reason>}, never the token itself. */
final class TokenFailure {

    static final String PREFIX = "token rejected: ";

    private TokenFailure() {
    }

    static SluiceException of(String reason) {
        return SluiceException.of(ErrorCode.UNAUTHORIZED, PREFIX + reason);
    }
}
