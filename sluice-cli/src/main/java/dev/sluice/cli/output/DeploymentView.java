package dev.sluice.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

/** What the CLI reads from a deployment resource to show its progress. */
public final class DeploymentView {

    private DeploymentView() {
    }

    /** "n/m": instances in state Ready out of the desired {@code instance_count}. */
    public static String readyInstances(JsonNode deployment) {
        long ready = 0;
        for (JsonNode instance : deployment.path("instances")) {
            if ("Ready".equals(instance.path("state").asText())) {
                ready++;
            }
        }
        return ready + "/" + deployment.path("instance_count").asInt(deployment.path("instances").size());
    }
}
