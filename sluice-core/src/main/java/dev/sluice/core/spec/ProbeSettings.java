package dev.sluice.core.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * A {@code liveness_probe} or {@code readiness_probe}; times in seconds as in Azure's YAML.
 * {@code initial_delay} only delays the first periodic check: an instance turns Ready as soon as init is
 * complete and one readiness check passes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeSettings(
        @JsonProperty("initial_delay") Integer initialDelay,
        @JsonProperty("period") Integer period,
        @JsonProperty("timeout") Integer timeout,
        @JsonProperty("success_threshold") Integer successThreshold,
        @JsonProperty("failure_threshold") Integer failureThreshold) {

    public static ProbeSettings defaults() {
        return new ProbeSettings(10, 10, 2, 1, 30);
    }

    public ProbeSettings withDefaults() {
        ProbeSettings d = defaults();
        return new ProbeSettings(
                initialDelay == null ? d.initialDelay : initialDelay,
                period == null ? d.period : period,
                timeout == null ? d.timeout : timeout,
                successThreshold == null ? d.successThreshold : successThreshold,
                failureThreshold == null ? d.failureThreshold : failureThreshold);
    }

    @JsonIgnore
    public Duration initialDelayDuration() {
        return Duration.ofSeconds(withDefaults().initialDelay());
    }

    @JsonIgnore
    public Duration periodDuration() {
        return Duration.ofSeconds(withDefaults().period());
    }

    @JsonIgnore
    public Duration timeoutDuration() {
        return Duration.ofSeconds(withDefaults().timeout());
    }
}
