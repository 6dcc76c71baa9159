package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentWarningsTest {

    private static final DeploymentSpec PLAIN = DeploymentSpec.builder()
            .name("blue").endpointName("my-endpoint")
            .model(ModelSpec.ofPath("./model", null))
            .codeConfiguration(new CodeConfiguration("./code", "score.py"))
            .instanceCount(2)
            .build();

    private static String ignored(String key, int value) {
        return "scale_settings." + key + ": " + value + " has no effect with scale_settings.type: default, where"
                + " instance_count (or a `sluice autoscale` setting) sets the count, as Azure's default type ignores"
                + " it too; set scale_settings.type: target_utilization to scale by it";
    }

    @Test
    void theTargetUtilizationKeysOfADefaultScaleSettingAreNamedAsWithoutEffect() {
        DeploymentSpec spec = PLAIN.toBuilder().scaleSettings(new ScaleSettings("default", 1, 4, 30, 70)).build();

        assertThat(DeploymentValidator.validate(spec)).isSameAs(spec);
        assertThat(DeploymentWarnings.of(spec)).containsExactly(ignored("min_instances", 1),
                ignored("max_instances", 4), ignored("polling_interval", 30),
                ignored("target_utilization_percentage", 70));
    }

    @Test
    void aScaleSettingWithoutTypeIsTheDefaultOne() {
        DeploymentSpec spec = PLAIN.toBuilder().scaleSettings(new ScaleSettings(null, null, 3, null, null)).build();

        assertThat(DeploymentWarnings.of(spec)).containsExactly(ignored("max_instances", 3));
    }

    @Test
    void targetUtilizationOrABareDefaultHasNoScaleWarning() {
        assertThat(DeploymentWarnings.of(PLAIN.toBuilder().scaleSettings(
                new ScaleSettings("target_utilization", 1, 4, 30, 70)).build())).isEmpty();
        assertThat(DeploymentWarnings.of(PLAIN.toBuilder().scaleSettings(
                new ScaleSettings("default", null, null, null, null)).build())).isEmpty();
        assertThat(DeploymentWarnings.of(PLAIN)).isEmpty();
    }
}
