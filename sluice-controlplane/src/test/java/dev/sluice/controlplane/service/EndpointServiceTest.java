package dev.sluice.controlplane.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Endpoint;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.model.KeyType;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointServiceTest {

    @TempDir
    Path folder;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        f = new ServiceFixture(folder);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static void assertError(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void createGivesKeysAndSucceededAndPublishesRouting() {
        Endpoint created = f.endpoints.create(new EndpointSpec(null, "my-endpoint", "d", Map.of("team", "a"), null,
                null, null, null, null, null, null));

        assertThat(created.state()).isEqualTo(ProvisioningState.SUCCEEDED);
        assertThat(created.spec().authMode()).isEqualTo(AuthMode.KEY);
        assertThat(created.keys().primaryKey()).hasSize(32).isNotEqualTo(created.keys().secondaryKey());
        assertThat(created.createdAt()).isEqualTo(ServiceFixture.START).isEqualTo(created.updatedAt());
        assertThat(f.endpoints.get("my-endpoint")).isEqualTo(created);
        assertThat(f.runtime.publications).hasValue(1);
    }

    @Test
    void createDropsZeroSharesAndRefusesOthersSinceThereAreNoDeployments() {
        Endpoint created = f.endpoints.create(EndpointSpec.named("zeros").withTraffic(Map.of("blue", 0))
                .withMirrorTraffic(Map.of("green", 0)));
        assertThat(created.spec().traffic()).isEmpty();
        assertThat(created.spec().mirrorTraffic()).isEmpty();

        assertError(() -> f.endpoints.create(EndpointSpec.named("live").withTraffic(Map.of("blue", 100))),
                ErrorCode.BAD_ARGUMENT,
                "traffic.blue: unknown deployment 'blue' (expected: an existing deployment of this endpoint; it has none yet)");
        assertError(() -> f.endpoints.create(EndpointSpec.named("mirror").withMirrorTraffic(Map.of("green", 10))),
                ErrorCode.BAD_ARGUMENT, "mirror_traffic.green: unknown deployment 'green' "
                        + "(expected: an existing deployment of this endpoint; it has none yet)");
        assertThat(f.endpoints.list()).extracting(Endpoint::name).containsExactly("zeros");
    }

    @Test
    void createRefusesTokenAuthBadNamesAndDuplicates() {
        EndpointService keysOnly = EndpointService.create(f.store, f.runtime, MutationLock.create(), f.clock,
                new java.security.SecureRandom());
        assertError(() -> keysOnly.create(EndpointSpec.named("tok").withAuthMode(AuthMode.AML_TOKEN)),
                ErrorCode.NOT_SUPPORTED,
                "auth_mode: aml_token needs a token issuer, which this server has none of (expected: key)");
        assertError(() -> keysOnly.create(EndpointSpec.named("tok").withAuthMode(AuthMode.AAD_TOKEN)),
                ErrorCode.NOT_SUPPORTED, "auth_mode: aad_token needs an identity provider (expected: a server started"
                        + " with --oidc-issuer URL --oidc-audience A, or auth_mode key | aml_token)");
        assertError(() -> f.endpoints.create(EndpointSpec.named("1x")), ErrorCode.BAD_ARGUMENT,
                "name: 1x (expected: 3-32 characters: a letter, then letters, digits or '-', not ending in '-')");
        f.endpoints.create(EndpointSpec.named("twice"));
        assertError(() -> f.endpoints.create(EndpointSpec.named("twice")), ErrorCode.CONFLICT,
                "endpoint twice already exists (expected: a new name; use update to change it)");
        assertThat(f.runtime.publications).hasValue(1);
    }

    @Test
    void getAndListAnswerWhatExists() {
        f.endpoints.create(EndpointSpec.named("bbb"));
        f.endpoints.create(EndpointSpec.named("aaa"));
        assertThat(f.endpoints.list()).extracting(Endpoint::name).containsExactly("aaa", "bbb");
        assertError(() -> f.endpoints.get("nope"), ErrorCode.NOT_FOUND, "endpoint nope does not exist");
    }

    @Test
    void replaceKeepsKeysValidatesTrafficAgainstDeploymentsAndPublishes() {
        f.endpointWithDeployments("my-endpoint", "blue", "green");
        Endpoint before = f.endpoints.get("my-endpoint");
        int published = f.runtime.publications.get();
        f.clock.advance(Duration.ofMinutes(1));

        Map<String, Integer> traffic = new LinkedHashMap<>();
        traffic.put("blue", 90);
        traffic.put("green", 10);
        Endpoint after = f.endpoints.replace("my-endpoint", EndpointSpec.named(null).withTraffic(traffic));

        assertThat(after.spec().name()).isEqualTo("my-endpoint");
        assertThat(after.spec().traffic()).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
        assertThat(after.keys()).isEqualTo(before.keys());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.updatedAt()).isEqualTo(ServiceFixture.START.plus(Duration.ofMinutes(1)));
        assertThat(f.endpoints.get("my-endpoint")).isEqualTo(after);
        assertThat(f.runtime.publications).hasValue(published + 1);

        assertError(() -> f.endpoints.replace("my-endpoint", EndpointSpec.named("my-endpoint")
                        .withTraffic(Map.of("red", 100))), ErrorCode.BAD_ARGUMENT,
                "traffic.red: unknown deployment 'red' (expected: one of the endpoint's deployments: blue, green)");
        assertError(() -> f.endpoints.replace("my-endpoint", EndpointSpec.named("my-endpoint")
                        .withTraffic(Map.of("blue", 120))), ErrorCode.BAD_ARGUMENT,
                "traffic.blue: 120 (expected: 0..100)");
        assertError(() -> f.endpoints.replace("my-endpoint", EndpointSpec.named("other")), ErrorCode.BAD_ARGUMENT,
                "name: other (expected: my-endpoint, the endpoint named in the request path)");
        assertError(() -> f.endpoints.replace("nope", EndpointSpec.named("nope")), ErrorCode.NOT_FOUND,
                "endpoint nope does not exist");
        assertThat(f.endpoints.get("my-endpoint")).isEqualTo(after);
        assertThat(f.runtime.publications).hasValue(published + 1);
    }

    @Test
    void aCommittedChangeIsAnsweredEvenWhenItsRoutingCannotBePublishedAtOnce() {
        f.endpoints.create(EndpointSpec.named("my-endpoint"));
        f.runtime.publicationFailure = SluiceException.of(ErrorCode.INTERNAL, "database is locked");
        int wakes = f.runtime.wakes.get();

        Endpoint updated = f.endpoints.replace("my-endpoint",
                new EndpointSpec(null, "my-endpoint", "committed", null, null, null, null, null, null, null, null));

        assertThat(updated.spec().description()).isEqualTo("committed");
        assertThat(f.endpoints.get("my-endpoint").spec().description()).isEqualTo("committed");
        // The controller is asked to publish on its next pass.
        assertThat(f.runtime.wakes.get()).isGreaterThan(wakes);
    }

    @Test
    void trafficOfListsEveryDeploymentWithZeroForThoseWithout() {
        f.endpointWithDeployments("my-endpoint", "blue", "green", "red");
        f.setTraffic("my-endpoint", Map.of("green", 100), Map.of("red", 10));

        assertThat(f.endpoints.trafficOf(f.endpoints.get("my-endpoint")))
                .containsExactly(Map.entry("green", 100), Map.entry("blue", 0), Map.entry("red", 0));
    }

    @Test
    void deleteCascadesWakesAndPublishes() {
        f.endpointWithDeployments("my-endpoint", "blue");
        int wakes = f.runtime.wakes.get();
        int published = f.runtime.publications.get();

        f.endpoints.delete("my-endpoint");

        assertThat(f.store.findEndpoint("my-endpoint")).isEmpty();
        assertThat(f.store.listAllDeployments()).isEmpty();
        assertThat(f.runtime.wakes).hasValue(wakes + 1);
        assertThat(f.runtime.publications).hasValue(published + 1);
        assertError(() -> f.endpoints.delete("my-endpoint"), ErrorCode.NOT_FOUND, "endpoint my-endpoint does not exist");
    }

    @Test
    void regenerateReplacesOnlyTheChosenKey() {
        EndpointKeys original = f.endpoints.create(EndpointSpec.named("keys")).keys();

        Endpoint secondary = f.endpoints.regenerateKeys("keys", KeyType.SECONDARY);
        assertThat(secondary.keys().primaryKey()).isEqualTo(original.primaryKey());
        assertThat(secondary.keys().secondaryKey()).isNotEqualTo(original.secondaryKey());
        Endpoint primary = f.endpoints.regenerateKeys("keys", KeyType.PRIMARY);
        assertThat(primary.keys().primaryKey()).isNotEqualTo(original.primaryKey());
        assertThat(primary.keys().secondaryKey()).isEqualTo(secondary.keys().secondaryKey());

        assertThat(f.endpoints.listKeys("keys")).isEqualTo(primary.keys());
        assertThat(f.runtime.publications).hasValue(3);
        assertError(() -> f.endpoints.regenerateKeys("nope", KeyType.PRIMARY), ErrorCode.NOT_FOUND,
                "endpoint nope does not exist");
    }

    @Test
    void onlyAmlTokenEndpointsHaveTokensOfThisServer() {
        f.endpoints.create(EndpointSpec.named("keys"));
        f.endpoints.create(EndpointSpec.named("aad").withAuthMode(AuthMode.AAD_TOKEN));
        assertError(() -> f.endpoints.token("keys", "me"), ErrorCode.NOT_SUPPORTED, "endpoint keys uses auth_mode"
                + " key, which has no tokens of this server (expected: an aml_token endpoint; use get-credentials for"
                + " its keys)");
        assertError(() -> f.endpoints.token("aad", "me"), ErrorCode.NOT_SUPPORTED, "endpoint aad uses auth_mode"
                + " aad_token, which has no tokens of this server (expected: an aml_token endpoint; get a token for it"
                + " from the identity provider https://idp.example)");
        assertError(() -> f.endpoints.token("nope", "me"), ErrorCode.NOT_FOUND, "endpoint nope does not exist");

        f.endpoints.create(EndpointSpec.named("tok").withAuthMode(AuthMode.AML_TOKEN));
        var token = f.endpoints.token("tok", "me");
        assertThat(token.expiresAt()).isEqualTo(ServiceFixture.START.plusSeconds(3600));
        assertThat(token.refreshAfter()).isEqualTo(ServiceFixture.START.plusSeconds(1800));
        assertThat(token.accessToken().split("\\.")).hasSize(3);
        assertThat(token.toString()).doesNotContain(token.accessToken());
    }

    @Test
    void anEndpointsEtagIsStableUntilACommittedChange() {
        f.endpointWithDeployments("shop", "blue", "green");
        Endpoint read = f.endpoints.get("shop");
        String tag = f.endpoints.etag(read);
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(f.endpoints.etag(f.endpoints.get("shop"))).isEqualTo(tag);

        Endpoint same = f.endpoints.replace("shop", read.spec(), IfMatch.parse(tag));
        assertThat(f.endpoints.etag(same)).as("no change, no new version").isEqualTo(tag);

        Endpoint changed = f.endpoints.replace("shop", read.spec().withTraffic(Map.of("blue", 100)),
                IfMatch.parse(tag));
        String next = f.endpoints.etag(changed);
        assertThat(next).isNotEqualTo(tag).isEqualTo(f.endpoints.etag(f.endpoints.get("shop")));

        // Keys are part of the stored endpoint, even when the clock has not moved.
        String rotated = f.endpoints.etag(f.endpoints.regenerateKeys("shop", KeyType.SECONDARY));
        assertThat(rotated).isNotEqualTo(next).isEqualTo(f.endpoints.etag(f.endpoints.get("shop")));
    }

    @Test
    void aStaleIfMatchIsRefusedAndChangesNothing() {
        f.endpointWithDeployments("shop", "blue", "green");
        Endpoint read = f.endpoints.get("shop");
        String stale = f.endpoints.etag(read);
        f.clock.advance(Duration.ofSeconds(1));
        f.endpoints.replace("shop", read.spec().withMirrorTraffic(Map.of("green", 10)), IfMatch.parse(stale));

        EndpointSpec lostUpdate = read.spec().withTraffic(Map.of("blue", 50, "green", 50));
        assertThatThrownBy(() -> f.endpoints.replace("shop", lostUpdate, IfMatch.parse(stale)))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
                    assertThat(e.getMessage()).startsWith("endpoint shop has changed since it was read (If-Match: "
                            + stale + "; its ETag now: \"").endsWith("); read it again and retry");
                });
        assertThat(f.endpoints.get("shop").spec().mirrorTraffic()).isEqualTo(Map.of("green", 10));
        assertThat(f.endpoints.get("shop").spec().traffic()).isEmpty();
    }

    @Test
    void starAnyOfSeveralTagsAndNoHeaderMatchButWeakTagsNever() {
        f.endpointWithDeployments("shop", "blue", "green");
        Endpoint read = f.endpoints.get("shop");
        String tag = f.endpoints.etag(read);
        EndpointSpec spec = read.spec();

        f.endpoints.replace("shop", spec.withTraffic(Map.of("blue", 100)), IfMatch.parse("*"));
        String now = f.endpoints.etag(f.endpoints.get("shop"));
        f.endpoints.replace("shop", spec.withTraffic(Map.of("green", 100)), IfMatch.parse(tag + ", " + now));
        f.endpoints.replace("shop", spec.withTraffic(Map.of("blue", 50, "green", 50)), IfMatch.NONE);
        String current = f.endpoints.etag(f.endpoints.get("shop"));

        assertThatThrownBy(() -> f.endpoints.replace("shop", spec, IfMatch.parse("W/" + current)))
                .isInstanceOfSatisfying(SluiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        assertThat(f.endpoints.get("shop").spec().traffic()).isEqualTo(Map.of("blue", 50, "green", 50));
    }

    @Test
    void aMalformedIfMatchIsABadArgumentNamingTheHeader() {
        assertError(() -> IfMatch.parse("abc"), ErrorCode.BAD_ARGUMENT,
                "If-Match: abc (expected: * or entity tags as the ETag header gives them, such as \"3f2a9c…\")");
        assertError(() -> IfMatch.parse("\"a\"b\""), ErrorCode.BAD_ARGUMENT,
                "If-Match: \"a\"b\" (expected: * or entity tags as the ETag header gives them, such as \"3f2a9c…\")");
    }
}
