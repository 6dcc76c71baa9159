package dev.sluice.core.autoscale;

import dev.sluice.core.model.DeploymentId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The online endpoint or deployment an Azure resource id names
 * ({@code …/workspaces/W/onlineEndpoints/E[/deployments/D]}), to warn when a setting's {@code metricResourceUri} or
 * {@code targetResourceUri} points elsewhere than the deployment Sluice applies the setting to.
 *
 * @param deployment null when the id names the endpoint itself
 */
record MlResourceUri(String endpoint, String deployment) {

    private static final Pattern ONLINE = Pattern.compile(
            "/onlineEndpoints/([^/]+)(?:/deployments/([^/]+))?/?$", Pattern.CASE_INSENSITIVE);

    static Optional<MlResourceUri> parse(String uri) {
        Matcher m = ONLINE.matcher(uri);
        return m.find() ? Optional.of(new MlResourceUri(m.group(1), m.group(2))) : Optional.empty();
    }

    /**
     * A warning when a rule's metrics come from elsewhere: the rule reads {@code target}'s metrics all the same.
     * The target's endpoint is fine: Azure's endpoint-level metrics (RequestLatency, RequestsPerMinute) are the
     * ones Sluice keeps per deployment.
     */
    static Optional<String> metricWarning(String field, String uri, DeploymentId target) {
        return elsewhere(uri, target, true).map(named -> field + ": names " + named
                + "; Sluice reads the metrics of " + target + ", the deployment this setting scales");
    }

    /** A warning when the setting names another resource than the deployment it is applied to. */
    static Optional<String> targetWarning(String field, String uri, DeploymentId target) {
        return elsewhere(uri, target, false).map(named -> field + ": names " + named
                + "; Sluice applies this setting to " + target + ", the deployment it was given for");
    }

    private static Optional<String> elsewhere(String uri, DeploymentId target, boolean endpointAllowed) {
        Optional<MlResourceUri> parsed = parse(uri);
        if (parsed.isEmpty()) {
            return Optional.of("no online endpoint or deployment");
        }
        MlResourceUri named = parsed.get();
        if (!named.endpoint.equalsIgnoreCase(target.endpointName())) {
            return Optional.of("endpoint " + named.endpoint);
        }
        if (named.deployment == null) {
            return endpointAllowed ? Optional.empty() : Optional.of("endpoint " + named.endpoint + ", not a deployment");
        }
        return named.deployment.equalsIgnoreCase(target.deploymentName()) ? Optional.empty()
                : Optional.of("deployment " + named.endpoint + "/" + named.deployment);
    }
}
