package dev.sluice.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.DeploymentId;
import org.junit.jupiter.api.Test;

class MlResourceUriTest {

    private static final DeploymentId BLUE = new DeploymentId("my-endpoint", "blue");
    private static final String WORKSPACE = "/subscriptions/s/resourceGroups/rg/providers/"
            + "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/";

    @Test
    void metricsMayComeFromTheDeploymentOrItsEndpoint() {
        assertThat(MlResourceUri.metricWarning("uri", WORKSPACE + "my-endpoint", BLUE)).isEmpty();
        assertThat(MlResourceUri.metricWarning("uri", WORKSPACE + "My-Endpoint/deployments/BLUE/", BLUE)).isEmpty();
        assertThat(MlResourceUri.metricWarning("uri", WORKSPACE + "my-endpoint/deployments/green", BLUE)).contains(
                "uri: names deployment my-endpoint/green; Sluice reads the metrics of my-endpoint/blue, the"
                        + " deployment this setting scales");
        assertThat(MlResourceUri.metricWarning("uri", WORKSPACE + "other", BLUE)).contains("uri: names endpoint"
                + " other; Sluice reads the metrics of my-endpoint/blue, the deployment this setting scales");
        assertThat(MlResourceUri.metricWarning("uri", "/subscriptions/s/virtualMachineScaleSets/vmss", BLUE))
                .contains("uri: names no online endpoint or deployment; Sluice reads the metrics of"
                        + " my-endpoint/blue, the deployment this setting scales");
    }

    @Test
    void theTargetMustBeTheDeploymentItself() {
        assertThat(MlResourceUri.targetWarning("uri", WORKSPACE + "my-endpoint/deployments/blue", BLUE)).isEmpty();
        assertThat(MlResourceUri.targetWarning("uri", WORKSPACE + "my-endpoint", BLUE)).contains("uri: names"
                + " endpoint my-endpoint, not a deployment; Sluice applies this setting to my-endpoint/blue, the"
                + " deployment it was given for");
        assertThat(MlResourceUri.targetWarning("uri", WORKSPACE + "other/deployments/blue", BLUE)).contains(
                "uri: names endpoint other; Sluice applies this setting to my-endpoint/blue, the deployment it was"
                        + " given for");
    }
}
