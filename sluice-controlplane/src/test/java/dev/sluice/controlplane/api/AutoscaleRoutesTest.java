package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.artifacts.Zips;
import dev.sluice.core.artifact.ArtifactRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A deployment's autoscale setting over real HTTP: its warnings, and --strict refusing them before anything is kept. */
class AutoscaleRoutesTest extends ApiTestBase {

    private static final String SETTING = "/api/v1/endpoints/my-endpoint/deployments/blue/autoscale";
    private static final String RULE = "profiles[0].rules[0].metricTrigger.";

    @BeforeEach
    void deployment() {
        assertThat(client.post("/api/v1/endpoints", "{\"name\":\"my-endpoint\"}").status()).isEqualTo(201);
        ArtifactRef model = upload(Zips.files("model/model.pkl", "not really a pickle"));
        ArtifactRef code = upload(Zips.files("score.py", "def init():\n    pass\n\ndef run(raw):\n    return raw\n"));
        assertThat(client.post("/api/v1/endpoints/my-endpoint/deployments", deploymentJson("blue", model, code, ""))
                .status()).isEqualTo(201);
    }

    private static String setting(String metric, String grain, int maximum) {
        return """
                {"profiles": [{"name": "default", "capacity": {"minimum": "1", "maximum": "%d", "default": "1"},
                  "rules": [{"metricTrigger": {"metricName": "%s", "timeGrain": "%s", "statistic": "Average",
                      "timeWindow": "PT5M", "timeAggregation": "Average", "operator": "GreaterThan", "threshold": 70},
                    "scaleAction": {"direction": "Increase", "type": "ChangeCount", "value": "2",
                      "cooldown": "PT5M"}}]}]}""".formatted(maximum, metric, grain);
    }

    private static String cpuWarning() {
        int cores = Runtime.getRuntime().availableProcessors();
        return RULE + "metricName: CpuUtilizationPercentage of an instance is its share of all " + cores
                + " cores of this machine (100 = every core busy), so the threshold 70 stands for "
                + busy(70 * cores) + " busy cores";
    }

    /** {@code hundredths} / 100 as the warning writes it: 1.4, or 7 rather than 7.0. */
    private static String busy(int hundredths) {
        return hundredths % 100 == 0 ? Integer.toString(hundredths / 100) : Double.toString(hundredths / 100.0);
    }

    @Test
    void theSettingsWarningsAreAnsweredAndShown() {
        ApiClient.Answer created = client.post(SETTING, setting("CpuUtilizationPercentage", "PT30S", 5));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("warnings")).hasSize(2);
        assertThat(created.json().path("warnings").get(0).asText()).isEqualTo(RULE + "timeGrain: PT30S is below"
                + " Azure's minimum PT1M (a Sluice extension: Azure would refuse this setting)");
        assertThat(created.json().path("warnings").get(1).asText()).startsWith(cpuWarning());
        assertThat(client.get(SETTING).json().path("warnings")).isEqualTo(created.json().path("warnings"));
    }

    @Test
    void strictRefusesASettingWithWarningsBeforeItIsStored() {
        ApiClient.Answer refused = client.post(SETTING + "?strict=true", setting("RequestLatency", "PT30S", 5));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).isEqualTo("--strict: " + RULE + "timeGrain: PT30S is below Azure's minimum"
                + " PT1M (a Sluice extension: Azure would refuse this setting) (expected: no key that is accepted"
                + " without effect)");
        assertThat(refused.json().path("error").path("target").asText()).isEqualTo(RULE + "timeGrain");
        assertThat(client.get(SETTING).status()).isEqualTo(404);

        assertThat(client.post(SETTING + "?strict=true", setting("RequestLatency", "PT1M", 5)).status())
                .isEqualTo(201);
    }

    @Test
    void strictRefusesAnUpdateWithWarningsAndKeepsTheSettingThereIs() {
        assertThat(client.post(SETTING, setting("RequestLatency", "PT1M", 5)).status()).isEqualTo(201);

        ApiClient.Answer refused = client.put(SETTING + "?strict=true", setting("CpuUtilizationPercentage", "PT1M", 7));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).startsWith("--strict: " + cpuWarning());
        assertThat(client.get(SETTING).json().at("/setting/profiles/0/capacity/maximum").asText())
                .isEqualTo("5");
        assertThat(client.put(SETTING, setting("CpuUtilizationPercentage", "PT1M", 7)).status()).isEqualTo(200);
        assertThat(client.get(SETTING).json().at("/setting/profiles/0/capacity/maximum").asText())
                .isEqualTo("7");
    }

    @Test
    void strictStillAnswersAMissingDeploymentFirst() {
        ApiClient.Answer missing = client.post("/api/v1/endpoints/my-endpoint/deployments/green/autoscale"
                + "?strict=true", setting("CpuUtilizationPercentage", "PT1M", 5));

        assertThat(missing.status()).isEqualTo(404);
    }
}
