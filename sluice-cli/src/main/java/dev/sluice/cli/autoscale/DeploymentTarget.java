package dev.sluice.cli.autoscale;

import picocli.CommandLine.Option;

/** Which deployment an autoscale command is about: {@code --endpoint E --deployment D}. */
public final class DeploymentTarget {

    @Option(names = {"-e", "--endpoint", "--endpoint-name"}, required = true, paramLabel = "ENDPOINT",
            description = "The endpoint.")
    private String endpoint;

    @Option(names = {"-d", "--deployment", "--deployment-name"}, required = true, paramLabel = "DEPLOYMENT",
            description = "The deployment the setting scales.")
    private String deployment;

    public String endpoint() {
        return endpoint;
    }

    public String deployment() {
        return deployment;
    }
}
