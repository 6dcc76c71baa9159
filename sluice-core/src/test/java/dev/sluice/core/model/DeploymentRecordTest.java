package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.Samples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentRecordTest {

    @Test
    void newSpecMovesTheGenerationOnAndTurnsUpdating() {
        Deployment failed = Samples.richDeployment("shop", "blue");
        Instant now = Instant.parse("2026-02-01T00:00:00Z");

        Deployment next = failed.withNewSpec(failed.spec().withInstanceCount(2), now);

        assertThat(next.generation()).isEqualTo(failed.generation() + 1);
        assertThat(next.state()).isEqualTo(ProvisioningState.UPDATING);
        assertThat(next.reason()).isEmpty();
        assertThat(next.createdAt()).isEqualTo(failed.createdAt());
        assertThat(next.updatedAt()).isEqualTo(now);
    }

    @Test
    void stateChangeKeepsTheGenerationAndNeverLeavesANullReason() {
        Deployment d = Samples.deployment("shop", "blue");
        Deployment ok = d.withState(ProvisioningState.SUCCEEDED, null, Instant.EPOCH);
        assertThat(ok.reason()).isEmpty();
        assertThat(ok.generation()).isEqualTo(d.generation());
        assertThat(d.withState(ProvisioningState.FAILED, "boom", Instant.EPOCH).reason()).isEqualTo("boom");
        assertThat(DeploymentId.of(d)).hasToString("shop/blue");
    }
}
