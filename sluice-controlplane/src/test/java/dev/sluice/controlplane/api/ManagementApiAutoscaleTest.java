package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import org.junit.jupiter.api.Test;

/** The autoscale routes over real HTTP: what create and delete answer. */
class ManagementApiAutoscaleTest extends ApiTestBase {

    private static final String SETTING = "/api/v1/endpoints/shop/deployments/blue/autoscale";
    private static final String ZERO_TO_THREE = """
            {"profiles": [{"name": "default", "capacity": {"minimum": "0", "maximum": "3", "default": "2"},
              "rules": []}]}
            """;

    @Test
    void aSecondCreateIs409AndDeletingAtZeroAnswersTheCountGiven() {
        f.endpointWithDeployments("shop", "blue");
        assertThat(client.post(SETTING, ZERO_TO_THREE).status()).isEqualTo(201);
        ApiClient.Answer again = client.post(SETTING, ZERO_TO_THREE);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("has an autoscale setting already");

        // As the autoscaler leaves it after an idle period.
        Deployment blue = f.store.findDeployment("shop", "blue").orElseThrow();
        f.store.replaceDeploymentSpec(new DeploymentId("shop", "blue"), blue.generation(),
                blue.spec().withInstanceCount(0), f.clock.instant());
        ApiClient.Answer deleted = client.delete(SETTING);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("instance_count").asInt()).isEqualTo(2);
        assertThat(deleted.json().path("message").asText()).contains("its instance_count is now 2");
        assertThat(client.get("/api/v1/endpoints/shop/deployments/blue").json().path("instance_count").asInt())
                .isEqualTo(2);
    }
}
