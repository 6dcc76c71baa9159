package dev.sluice.core.model;

/** Names one deployment of one endpoint. */
public record DeploymentId(String endpointName, String deploymentName) {

    public static DeploymentId of(Deployment deployment) {
        return new DeploymentId(deployment.endpointName(), deployment.name());
    }

    @Override
    public String toString() {
        return endpointName + "/" + deploymentName;
    }
}
