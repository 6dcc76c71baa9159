package dev.sluice.core.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a deployment spec that are accepted but do not take effect on local instances, each with the
 * reason, so that none is ignored silently: {@code show} lists them as {@code warnings} and the CLI prints them.
 */
public final class DeploymentWarnings {

    private DeploymentWarnings() {
    }

    public static List<String> of(DeploymentSpec spec) {
        List<String> out = new ArrayList<>();
        EnvironmentSpec environment = spec.environment();
        if (environment != null && environment.image() != null && environment.condaFile() != null) {
            out.add("environment.image: " + environment.image() + " is not used by local instances; the conda_file"
                    + " builds a Python environment for them");
        }
        if (spec.instanceType() != null) {
            out.add("instance_type: " + spec.instanceType() + " is not used by local instances, which are processes"
                    + " on this machine");
        }
        if (Boolean.TRUE.equals(spec.appInsightsEnabled())) {
            out.add("app_insights_enabled: true has no effect; metrics are at {apiUrl}/metrics and logs in get-logs");
        }
        if (spec.dataCollector() != null && !spec.dataCollector().isNull()) {
            out.add("data_collector: not collected; the access lines of get-logs record every request");
        }
        if (spec.egressPublicNetworkAccess() != null) {
            out.add("egress_public_network_access: " + spec.egressPublicNetworkAccess() + " is not enforced on"
                    + " local instances");
        }
        return List.copyOf(out);
    }
}
