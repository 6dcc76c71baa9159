package dev.sluice.core.auth;

import java.security.interfaces.ECPublicKey;

/**
 * The public halves of the keys that sign this server's aml_tokens, by key id: the current key and those retired
 * less than a token lifetime ago, so that a rotation rejects no token issued before it. The gateway reads it on
 * the request path (a map lookup); the keyring that owns the private keys implements it.
 */
@FunctionalInterface
public interface VerificationKeys {

    /** The key with this id, or null when there is none (unknown, or retired long enough ago). */
    ECPublicKey find(String kid);
}
