package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointValidatorTest {

    private static final EndpointSpec BASE = EndpointSpec.named("my-endpoint");

    private static Map<String, Integer> weights(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return out;
    }

    @Test
    void acceptsAValidEndpoint() {
        EndpointSpec spec = BASE.withTraffic(weights("blue", 90, "green", 10));
        assertThat(EndpointValidator.validate(spec)).isSameAs(spec);
        assertThatCode(() -> EndpointValidator.validateTraffic(spec, Set.of("blue", "green"))).doesNotThrowAnyException();
    }

    @Test
    void checksTheName() {
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withName("1-endpoint")),
                "name: 1-endpoint (expected: " + Names.RULE + ")");
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withName(null)),
                "name: (missing) (expected: " + Names.RULE + ")");
        Expect.target(() -> EndpointValidator.validate(BASE.withName("ab")), "name");
    }

    @Test
    void trafficValuesMustBePercentages() {
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 120))),
                "traffic.blue: 120 (expected: 0..100)");
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 100, "green", -5))),
                "traffic.green: -5 (expected: 0..100)");
        Expect.target(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 120))), "traffic.blue");
        Map<String, Integer> missing = new HashMap<>();
        missing.put("blue", null);
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withTraffic(missing)),
                "traffic.blue: (missing) (expected: 0..100)");
    }

    @Test
    void trafficMustSumToZeroOrHundred() {
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 70, "green", 20))),
                "traffic: {blue=70, green=20} sums to 90 (expected: a sum of 0 or 100)");
        Expect.badArgument(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 60, "green", 50))),
                "traffic: {blue=60, green=50} sums to 110 (expected: a sum of 0 or 100)");
        assertThatCode(() -> EndpointValidator.validate(BASE.withTraffic(weights("blue", 0, "green", 0))))
                .doesNotThrowAnyException();
        assertThatCode(() -> EndpointValidator.validate(BASE.withTraffic(weights("a", 33, "b", 33, "c", 34))))
                .doesNotThrowAnyException();
    }

    @Test
    void trafficAndMirrorMayOnlyNameExistingDeployments() {
        EndpointSpec toGreen = BASE.withTraffic(weights("blue", 50, "green", 50));
        Expect.badArgument(() -> EndpointValidator.validateTraffic(toGreen, Set.of("blue", "amber")),
                "traffic.green: unknown deployment 'green' (expected: one of the endpoint's deployments: amber, blue)");
        Expect.badArgument(() -> EndpointValidator.validateTraffic(BASE.withTraffic(weights("blue", 100)), Set.of()),
                "traffic.blue: unknown deployment 'blue' (expected: an existing deployment of this endpoint; it has none yet)");
        EndpointSpec mirrorToGhost = BASE.withTraffic(weights("blue", 100)).withMirrorTraffic(weights("ghost", 10));
        Expect.badArgument(() -> EndpointValidator.validateTraffic(mirrorToGhost, Set.of("blue")),
                "mirror_traffic.ghost: unknown deployment 'ghost' (expected: one of the endpoint's deployments: blue)");
    }

    @Test
    void unknownDeploymentIsReportedEvenAtZeroPercent() {
        Expect.badArgument(() -> EndpointValidator.validateTraffic(
                        BASE.withTraffic(weights("blue", 100, "old", 0)), Set.of("blue")),
                "traffic.old: unknown deployment 'old' (expected: one of the endpoint's deployments: blue)");
    }

    @Test
    void validateTrafficAlsoRunsTheSpecRules() {
        Expect.badArgument(() -> EndpointValidator.validateTraffic(BASE.withTraffic(weights("blue", 101)),
                Set.of("blue")), "traffic.blue: 101 (expected: 0..100)");
    }

    @Test
    void mirrorIsAtMostFiftyPercent() {
        EndpointSpec spec = BASE.withTraffic(weights("blue", 100)).withMirrorTraffic(weights("green", 60));
        Expect.badArgument(() -> EndpointValidator.validate(spec), "mirror_traffic.green: 60 (expected: 0..50)");
        assertThatCode(() -> EndpointValidator.validate(spec.withMirrorTraffic(weights("green", 50))))
                .doesNotThrowAnyException();
    }

    @Test
    void mirrorGoesToOneDeploymentOnly() {
        EndpointSpec spec = BASE.withTraffic(weights("blue", 100)).withMirrorTraffic(weights("green", 10, "amber", 5));
        Expect.badArgument(() -> EndpointValidator.validate(spec),
                "mirror_traffic: {green=10, amber=5} (expected: at most one deployment)");
        assertThatCode(() -> EndpointValidator.validate(spec.withMirrorTraffic(weights("green", 10, "amber", 0))))
                .doesNotThrowAnyException();
    }

    @Test
    void mirrorNeverGoesToADeploymentWithLiveTraffic() {
        EndpointSpec spec = BASE.withTraffic(weights("blue", 90, "green", 10)).withMirrorTraffic(weights("green", 20));
        Expect.badArgument(() -> EndpointValidator.validate(spec), "mirror_traffic.green: 20 (expected: 0, since green "
                + "has live traffic (traffic.green: 10); a deployment gets live or mirrored traffic, not both)");
        Expect.target(() -> EndpointValidator.validate(spec), "mirror_traffic.green");
        assertThatCode(() -> EndpointValidator.validate(
                BASE.withTraffic(weights("blue", 100, "green", 0)).withMirrorTraffic(weights("green", 20))))
                .doesNotThrowAnyException();
    }

    @Test
    void publicNetworkAccessIsEnabledOrDisabled() {
        EndpointSpec open = new EndpointSpec(null, "my-endpoint", null, null, AuthMode.KEY, null, null, "open", null, null, null);
        Expect.badArgument(() -> EndpointValidator.validate(open),
                "public_network_access: open (expected: enabled | disabled)");
        EndpointSpec disabled = new EndpointSpec(null, "my-endpoint", null, null, null, null, null, "disabled", null, null, null);
        assertThat(EndpointValidator.validate(disabled)).isSameAs(disabled);
    }
}
