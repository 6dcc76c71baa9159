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
        return otherThanTargetOrItsEndpoint(uri, target).map(named -> field + ": names " + named
                + "; Sluice reads the metrics of " + target + ", the deployment this setting scales");
    }

    /** A warning when the setting names another resource than the deployment it is applied to. */
    static Optional<String> targetWarning(String field, String uri, DeploymentId target) {
        return otherThanTarget(uri, target).map(named -> field + ": names " + named
                + "; Sluice applies this setting to " + target + ", the deployment it was given for");
    }

    /** What {@code uri} names when that is neither {@code target} nor its endpoint. */
    private static Optional<String> otherThanTargetOrItsEndpoint(String uri, DeploymentId target) {
        Optional<MlResourceUri> parsed = parse(uri);
        if (parsed.isEmpty()) {
            return Optional.of("no online endpoint or deployment");
        }
        MlResourceUri named = parsed.get();
        if (!named.endpoint.equalsIgnoreCase(target.endpointName())) {
            return Optional.of("endpoint " + named.endpoint);
        }
        if (named.deployment == null || named.deployment.equalsIgnoreCase(target.deploymentName())) {
            return Optional.empty();
        }
        return Optional.of("deployment " + named.endpoint + "/" + named.deployment);
    }

    /** What {@code uri} names when that is not {@code target} itself; its endpoint alone is not enough. */
    private static Optional<String> otherThanTarget(String uri, DeploymentId target) {
        return otherThanTargetOrItsEndpoint(uri, target).or(() -> parse(uri)
                .filter(named -> named.deployment == null)
                .map(named -> "endpoint " + named.endpoint + ", not a deployment"));
    }
}
