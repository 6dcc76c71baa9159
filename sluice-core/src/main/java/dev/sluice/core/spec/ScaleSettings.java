package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A deployment's {@code scale_settings}: {@code type: default} (a fixed {@code instance_count}) or
 * {@code type: target_utilization} with its bounds. Times in seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScaleSettings(
        @JsonProperty("type") String type,
        @JsonProperty("min_instances") Integer minInstances,
        @JsonProperty("max_instances") Integer maxInstances,
        @JsonProperty("polling_interval") Integer pollingInterval,
        @JsonProperty("target_utilization_percentage") Integer targetUtilizationPercentage) {

    public static final String DEFAULT = "default";
    public static final String TARGET_UTILIZATION = "target_utilization";
}
