package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.routing.EndpointPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoint keys of auth and isolation: validation, the gateway's policy, and the warnings of ignored keys. */
class AuthAndIsolationSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EndpointSpec endpoint(String json) throws Exception {
        return EndpointValidator.validate(SpecReader.create().endpoint(JSON.readTree(json)));
    }

    @Test
    void thePolicyCarriesModeNetworkAccessClaimsAndRate() throws Exception {
        EndpointPolicy policy = EndpointPolicy.of(endpoint("{\"name\":\"ep1\",\"auth_mode\":\"aad_token\","
                + "\"public_network_access\":\"Disabled\",\"sluice\":{\"required_claims\":{\"roles\":\"scorer\"},"
                + "\"max_rps\":20}}"));
        assertThat(policy).isEqualTo(new EndpointPolicy(AuthMode.AAD_TOKEN, true, Map.of("roles", "scorer"), 20));
        assertThat(EndpointPolicy.of(EndpointSpec.named("ep2"))).isEqualTo(EndpointPolicy.KEY);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> endpoint("{\"name\":\"ep1\",\"sluice\":{\"required_claims\":{\"roles\":\"x\"}}}"))
                .hasMessage("sluice.required_claims: {roles=x} (expected: no required claims with auth_mode key;"
                        + " they apply to aad_token endpoints)");
        assertThatThrownBy(() -> endpoint("{\"name\":\"ep1\",\"auth_mode\":\"aad_token\",\"compute\":\"azureml:k8s\"}"))
                .hasMessage("auth_mode: aad_token (expected: key | aml_token, the modes of a Kubernetes endpoint"
                        + " (compute: azureml:k8s))");
        assertThatThrownBy(() -> endpoint("{\"name\":\"ep1\",\"identity\":{\"type\":\"magic\"}}"))
                .hasMessage("identity.type: magic (expected: system_assigned | user_assigned |"
                        + " system_assigned,user_assigned | none)");
        assertThatThrownBy(() -> endpoint("{\"name\":\"ep1\",\"sluice\":{\"max_rps\":0}}"))
                .hasMessage("sluice.max_rps: 0 (expected: 1..1000000)");
        assertThatThrownBy(() -> endpoint("{\"name\":\"ep1\",\"sluice\":{\"burst\":3}}"))
                .hasMessageStartingWith("sluice.burst: unknown key (expected: max_rps | required_claims)");
        assertThatThrownBy(() -> DeploymentValidator.validate(DeploymentSpec.builder().name("blue").endpointName("ep1")
                .codeConfiguration(new CodeConfiguration("./c", "score.py")).egressPublicNetworkAccess("sometimes").build()))
                .hasMessage("egress_public_network_access: sometimes (expected: enabled | disabled)");
    }

    @Test
    void keysWithoutEffectAreWarnedAboutWithTheReason() throws Exception {
        assertThat(EndpointWarnings.of(endpoint("{\"name\":\"ep1\",\"compute\":\"azureml:k8s\",\"identity\":"
                + "{\"type\":\"user_assigned\",\"user_assigned_identities\":[{\"resource_id\":\"x\"}]}}")))
                .containsExactly("compute: azureml:k8s is not used; the endpoint's deployments run as local processes",
                        "identity.user_assigned_identities: not used; deployments get tokens of this server from"
                                + " IDENTITY_ENDPOINT, which call its aml_token endpoints, not Azure resources");
        assertThat(EndpointWarnings.of(endpoint("{\"name\":\"ep1\",\"public_network_access\":\"disabled\","
                + "\"auth_mode\":\"aml_token\"}"))).as("keys that take effect").isEmpty();

        DeploymentSpec java = DeploymentSpec.builder().name("blue").endpointName("ep1")
                .codeConfiguration(new CodeConfiguration("./c", "Score.java")).egressPublicNetworkAccess("disabled").build();
        assertThat(DeploymentWarnings.of(java)).containsExactly("egress_public_network_access: disabled is enforced"
                + " for score.py only; this deployment's scoring code is not stopped from reaching public addresses");
        DeploymentSpec python = DeploymentSpec.builder().name("blue").endpointName("ep1")
                .codeConfiguration(new CodeConfiguration("./c", "score.py")).egressPublicNetworkAccess("disabled").build();
        assertThat(DeploymentWarnings.of(python)).isEmpty();
        assertThat(DeploymentWarnings.egressDisabled(python)).isTrue();
        assertThat(DeploymentWarnings.of(python.withDefaults())).as("defaults filled in warn about nothing").isEmpty();
        DeploymentSpec mounted = SpecReader.create().deployment(JSON.readTree("{\"name\":\"blue\",\"endpoint_name\":"
                + "\"ep1\",\"model_mount_path\":\"/var/model\",\"scale_settings\":{\"type\":\"target_utilization\"}}"));
        assertThat(DeploymentWarnings.of(mounted)).as("target_utilization takes effect (the autoscaler)").containsExactly(
                "model_mount_path: /var/model is not used; scoring code finds the model at AZUREML_MODEL_DIR");
    }
}
