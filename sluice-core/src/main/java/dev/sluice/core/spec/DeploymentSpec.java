package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment as its YAML ({@code blue-deployment.yml}) describes it, plus Sluice's own settings under
 * {@code sluice:} ({@link DeploymentSluiceSettings}), which Azure's schema has no key for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSpec(
        @JsonProperty("$schema") String schema,
        @JsonProperty("name") String name,
        @JsonProperty("endpoint_name") String endpointName,
        @JsonProperty("type") DeploymentType type,
        @JsonProperty("description") String description,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("model") ModelSpec model,
        @JsonProperty("model_mount_path") String modelMountPath,
        @JsonProperty("code_configuration") CodeConfiguration codeConfiguration,
        @JsonProperty("environment") EnvironmentSpec environment,
        @JsonProperty("environment_variables") Map<String, String> environmentVariables,
        @JsonProperty("instance_type") String instanceType,
        @JsonProperty("instance_count") Integer instanceCount,
        @JsonProperty("scale_settings") ScaleSettings scaleSettings,
        @JsonProperty("request_settings") RequestSettings requestSettings,
        @JsonProperty("liveness_probe") ProbeSettings livenessProbe,
        @JsonProperty("readiness_probe") ProbeSettings readinessProbe,
        @JsonProperty("resources") JsonNode resources,
        @JsonProperty("app_insights_enabled") Boolean appInsightsEnabled,
        @JsonProperty("egress_public_network_access") String egressPublicNetworkAccess,
        @JsonProperty("data_collector") JsonNode dataCollector,
        @JsonProperty(DeploymentSluiceSettings.KEY) DeploymentSluiceSettings sluice) {

    public DeploymentSpec {
        // Not Map.copyOf: it throws on a null value (`FOO:` with nothing after it), and then the user would get
        // a binding failure without a field name instead of the validator's "environment_variables.FOO" error.
        environmentVariables = environmentVariables == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
    }

    /** Fills in Azure's defaults so that {@code show} displays what actually applies. */
    public DeploymentSpec withDefaults() {
        return new DeploymentSpec(schema, name, endpointName, type == null ? DeploymentType.MANAGED : type,
                description, tags, model, modelMountPath, codeConfiguration, environment, environmentVariables,
                instanceType, instanceCount == null ? 1 : instanceCount,
                scaleSettings == null ? new ScaleSettings(ScaleSettings.DEFAULT, null, null, null, null) : scaleSettings,
                requestSettings == null ? RequestSettings.defaults() : requestSettings.withDefaults(),
                livenessProbe == null ? ProbeSettings.defaults() : livenessProbe.withDefaults(),
                readinessProbe == null ? ProbeSettings.defaults() : readinessProbe.withDefaults(),
                resources, appInsightsEnabled, egressPublicNetworkAccess, dataCollector,
                sluice == null ? null : sluice.withDefaults());
    }

    @JsonIgnore
    public int instanceCountOrDefault() {
        return instanceCount == null ? 1 : instanceCount;
    }

    /** {@code sluice.batching} with its defaults, or null when the deployment does not batch. */
    @JsonIgnore
    public BatchingSettings batchingOrNull() {
        return sluice == null || sluice.batching() == null ? null : sluice.batching().withDefaults();
    }

    @JsonIgnore
    public RequestSettings requestSettingsOrDefault() {
        return requestSettings == null ? RequestSettings.defaults() : requestSettings.withDefaults();
    }

    public DeploymentSpec withEndpointName(String newEndpointName) {
        return toBuilder().endpointName(newEndpointName).build();
    }

    public DeploymentSpec withInstanceCount(int count) {
        return toBuilder().instanceCount(count).build();
    }

    public DeploymentSpec withModel(ModelSpec newModel) {
        return toBuilder().model(newModel).build();
    }

    public DeploymentSpec withCodeConfiguration(CodeConfiguration newCode) {
        return toBuilder().codeConfiguration(newCode).build();
    }

    public DeploymentSpec withEnvironment(EnvironmentSpec newEnvironment) {
        return toBuilder().environment(newEnvironment).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(new DeploymentSpec(null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null));
    }

    /** Copy-with-changes for a record with many fields; tests and the CLI's {@code --set} use it. */
    public static final class Builder {
        private String schema;
        private String name;
        private String endpointName;
        private DeploymentType type;
        private String description;
        private Map<String, String> tags;
        private ModelSpec model;
        private String modelMountPath;
        private CodeConfiguration codeConfiguration;
        private EnvironmentSpec environment;
        private Map<String, String> environmentVariables;
        private String instanceType;
        private Integer instanceCount;
        private ScaleSettings scaleSettings;
        private RequestSettings requestSettings;
        private ProbeSettings livenessProbe;
        private ProbeSettings readinessProbe;
        private JsonNode resources;
        private Boolean appInsightsEnabled;
        private String egressPublicNetworkAccess;
        private JsonNode dataCollector;
        private DeploymentSluiceSettings sluice;

        private Builder(DeploymentSpec s) {
            schema = s.schema;
            name = s.name;
            endpointName = s.endpointName;
            type = s.type;
            description = s.description;
            tags = s.tags;
            model = s.model;
            modelMountPath = s.modelMountPath;
            codeConfiguration = s.codeConfiguration;
            environment = s.environment;
            environmentVariables = s.environmentVariables;
            instanceType = s.instanceType;
            instanceCount = s.instanceCount;
            scaleSettings = s.scaleSettings;
            requestSettings = s.requestSettings;
            livenessProbe = s.livenessProbe;
            readinessProbe = s.readinessProbe;
            resources = s.resources;
            appInsightsEnabled = s.appInsightsEnabled;
            egressPublicNetworkAccess = s.egressPublicNetworkAccess;
            dataCollector = s.dataCollector;
            sluice = s.sluice;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder endpointName(String v) { endpointName = v; return this; }
        public Builder type(DeploymentType v) { type = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder model(ModelSpec v) { model = v; return this; }
        public Builder codeConfiguration(CodeConfiguration v) { codeConfiguration = v; return this; }
        public Builder environment(EnvironmentSpec v) { environment = v; return this; }
        public Builder environmentVariables(Map<String, String> v) { environmentVariables = v; return this; }
        public Builder instanceType(String v) { instanceType = v; return this; }
        public Builder instanceCount(Integer v) { instanceCount = v; return this; }
        public Builder scaleSettings(ScaleSettings v) { scaleSettings = v; return this; }
        public Builder requestSettings(RequestSettings v) { requestSettings = v; return this; }
        public Builder livenessProbe(ProbeSettings v) { livenessProbe = v; return this; }
        public Builder readinessProbe(ProbeSettings v) { readinessProbe = v; return this; }
        public Builder egressPublicNetworkAccess(String v) { egressPublicNetworkAccess = v; return this; }
        public Builder sluice(DeploymentSluiceSettings v) { sluice = v; return this; }

        public DeploymentSpec build() {
            return new DeploymentSpec(schema, name, endpointName, type, description, tags, model, modelMountPath,
                    codeConfiguration, environment, environmentVariables, instanceType, instanceCount,
                    scaleSettings, requestSettings, livenessProbe, readinessProbe, resources, appInsightsEnabled,
                    egressPublicNetworkAccess, dataCollector, sluice);
        }
    }
}
