package dev.sluice.controlplane.service;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.controlplane.tokens.AmlTokenIssuer;
import dev.sluice.controlplane.tokens.AmlTokenIssuer.IssuedToken;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointValidator;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the management API does with endpoints: validate, commit to the store, then tell the runtime.
 * Calls block (the store is JDBC); run them off event loops. Changes go through the shared {@link MutationLock},
 * which makes an {@link IfMatch} check and the write it guards one step: only the API writes endpoints.
 */
public final class EndpointService {

    private final Store store;
    private final DeploymentRuntime runtime;
    private final MutationLock lock;
    private final Clock clock;
    private final SecureRandom random;
    private final AmlTokenIssuer tokens;
    private final Optional<String> oidcIssuer;
    private final EntityTags tags = new EntityTags(SpecReader.create());

    private EndpointService(Store store, DeploymentRuntime runtime, MutationLock lock, Clock clock,
                            SecureRandom random, AmlTokenIssuer tokens, Optional<String> oidcIssuer) {
        this.store = Objects.requireNonNull(store, "store");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.tokens = tokens;
        this.oidcIssuer = Objects.requireNonNull(oidcIssuer, "oidcIssuer");
    }

    /** Without a token issuer or identity provider: key endpoints only (tests of key handling). */
    public static EndpointService create(Store store, DeploymentRuntime runtime, MutationLock lock, Clock clock,
                                         SecureRandom random) {
        return new EndpointService(store, runtime, lock, clock, random, null, Optional.empty());
    }

    /**
     * @param tokens     issues the tokens of aml_token endpoints
     * @param oidcIssuer the identity provider that aad_token endpoints trust, when the server has one
     */
    public static EndpointService create(Store store, DeploymentRuntime runtime, MutationLock lock, Clock clock,
                                         SecureRandom random, AmlTokenIssuer tokens, Optional<String> oidcIssuer) {
        return new EndpointService(store, runtime, lock, clock, random, Objects.requireNonNull(tokens, "tokens"),
                oidcIssuer);
    }

    /**
     * Creates an endpoint with fresh keys. An endpoint has no deployments yet, so its traffic and mirror maps
     * may only hold zeros (which are dropped); anything else fails with the validator's message.
     */
    public Endpoint create(EndpointSpec spec) {
        Objects.requireNonNull(spec, "spec");
        EndpointSpec checked = checkAuthMode(EndpointValidator.validate(spec));
        EndpointSpec stored = checked.withTraffic(withoutZeros(checked.traffic()))
                .withMirrorTraffic(withoutZeros(checked.mirrorTraffic()));
        EndpointValidator.validateTraffic(stored, Set.of());
        return lock.call(() -> {
            if (store.findEndpoint(stored.name()).isPresent()) {
                throw SluiceException.of(ErrorCode.CONFLICT, "endpoint " + stored.name()
                        + " already exists (expected: a new name; use update to change it)", "name");
            }
            Instant now = clock.instant();
            Endpoint endpoint = new Endpoint(stored, EndpointKeys.generate(random), ProvisioningState.SUCCEEDED,
                    now, now);
            store.createEndpoint(endpoint);
            // The gateway learns the endpoint and its keys, so callers get "no deployment" rather than "unknown".
            RoutingAfterCommit.publish(runtime, "endpoint " + stored.name());
            return endpoint;
        });
    }

    /** @throws SluiceException NOT_FOUND when there is no such endpoint */
    public Endpoint get(String name) {
        return store.findEndpoint(name).orElseThrow(() -> notFound(name));
    }

    /** All endpoints, ordered by name. */
    public List<Endpoint> list() {
        return store.listEndpoints();
    }

    /** The endpoint's ETag: it changes with every committed change of the endpoint. */
    public String etag(Endpoint endpoint) {
        return tags.of(endpoint);
    }

    /**
     * Replaces the endpoint's spec (a PUT carries the full spec); keys and creation time stay. Traffic and
     * mirror may only name the endpoint's deployments. The new routing is published before this returns.
     */
    public Endpoint replace(String name, EndpointSpec spec) {
        return replace(name, spec, IfMatch.NONE);
    }

    /**
     * As {@link #replace(String, EndpointSpec)}, if the endpoint's ETag still satisfies {@code ifMatch}: a
     * read-modify-write (the CLI's {@code --traffic}) then never undoes a change committed after its read.
     *
     * @throws SluiceException PRECONDITION_FAILED when it does not
     */
    public Endpoint replace(String name, EndpointSpec spec, IfMatch ifMatch) {
        Objects.requireNonNull(spec, "spec");
        EndpointSpec named = matchName(name, spec);
        EndpointSpec checked = checkAuthMode(EndpointValidator.validate(named));
        return lock.call(() -> {
            Endpoint existing = get(name);
            ifMatch.require(tags.of(existing), "endpoint " + name);
            EndpointValidator.validateTraffic(checked, deploymentNames(name));
            if (existing.spec().equals(checked)) {
                return existing;
            }
            Endpoint updated = existing.withSpec(checked, clock.instant());
            store.updateEndpoint(updated);
            RoutingAfterCommit.publish(runtime, "the update of endpoint " + name);
            return updated;
        });
    }

    /** Deletes the endpoint and its deployments; the controller stops their instances in the background. */
    public void delete(String name) {
        lock.run(() -> {
            if (!store.deleteEndpoint(name)) {
                throw notFound(name);
            }
            runtime.wake();
            RoutingAfterCommit.publish(runtime, "the deletion of endpoint " + name);
        });
    }

    public EndpointKeys listKeys(String name) {
        return get(name).keys();
    }

    /** Replaces one key; the other keeps working, so callers can rotate without downtime. */
    public Endpoint regenerateKeys(String name, KeyType keyType) {
        Objects.requireNonNull(keyType, "keyType");
        return lock.call(() -> {
            Endpoint existing = get(name);
            Endpoint updated = existing.withKeys(existing.keys().regenerate(keyType, random), clock.instant());
            store.updateEndpoint(updated);
            RoutingAfterCommit.publish(runtime, "the new " + keyType.name().toLowerCase(java.util.Locale.ROOT)
                    + " key of endpoint " + name);
            return updated;
        });
    }

    /**
     * A fresh aml_token for the endpoint, for {@code subject}. Key endpoints have no tokens; aad_token endpoints take
     * tokens of the identity provider, which this server does not issue.
     */
    public IssuedToken token(String name, String subject) {
        Endpoint endpoint = get(name);
        AuthMode mode = endpoint.spec().authModeOrDefault();
        if (mode != AuthMode.AML_TOKEN || tokens == null) {
            String instead = mode == AuthMode.KEY ? "use get-credentials for its keys"
                    : "get a token for it from the identity provider " + oidcIssuer.orElse("(none configured)");
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, "endpoint " + name + " uses auth_mode " + mode.wire()
                    + ", which has no tokens of this server (expected: an aml_token endpoint; " + instead + ")",
                    "auth_mode");
        }
        return tokens.issue(name, subject);
    }

    /**
     * The traffic map that {@code show} displays: the user's entries, then every other deployment at 0, as
     * Azure lists them.
     */
    public Map<String, Integer> trafficOf(Endpoint endpoint) {
        Map<String, Integer> traffic = new LinkedHashMap<>(endpoint.spec().traffic());
        for (String deployment : deploymentNames(endpoint.name())) {
            traffic.putIfAbsent(deployment, 0);
        }
        return traffic;
    }

    private Set<String> deploymentNames(String endpointName) {
        return store.listDeployments(endpointName).stream().map(Deployment::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static EndpointSpec matchName(String pathName, EndpointSpec spec) {
        if (spec.name() == null) {
            return spec.withName(pathName);
        }
        if (!spec.name().equals(pathName)) {
            throw SluiceException.badArgument("name", spec.name(), pathName + ", the endpoint named in the request path");
        }
        return spec;
    }

    /** aml_token needs this server's issuer, aad_token an identity provider (--oidc-issuer). */
    private EndpointSpec checkAuthMode(EndpointSpec spec) {
        AuthMode mode = spec.authModeOrDefault();
        if (mode == AuthMode.AML_TOKEN && tokens == null) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED,
                    "auth_mode: aml_token needs a token issuer, which this server has none of (expected: key)",
                    "auth_mode");
        }
        if (mode == AuthMode.AAD_TOKEN && oidcIssuer.isEmpty()) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, "auth_mode: aad_token needs an identity provider"
                    + " (expected: a server started with --oidc-issuer URL --oidc-audience A, or auth_mode key |"
                    + " aml_token)", "auth_mode");
        }
        return spec.withAuthMode(mode);
    }

    private static Map<String, Integer> withoutZeros(Map<String, Integer> shares) {
        Map<String, Integer> out = new LinkedHashMap<>();
        shares.forEach((deployment, share) -> {
            if (share == null || share != 0) {
                out.put(deployment, share);
            }
        });
        return out;
    }

    private static SluiceException notFound(String name) {
        return SluiceException.of(ErrorCode.NOT_FOUND, "endpoint " + name + " does not exist", "name");
    }
}
