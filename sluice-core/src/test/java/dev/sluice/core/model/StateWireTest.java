package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.spec.UnexpectedValueException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Provisioning and instance states are spelled as Azure shows them, in JSON too. */
class StateWireTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void provisioningStatesUseAzureSpelling() throws Exception {
        assertThat(Arrays.stream(ProvisioningState.values()).map(ProvisioningState::wire))
                .containsExactly("Creating", "Updating", "Succeeded", "Failed", "Deleting");
        assertThat(json.writeValueAsString(ProvisioningState.SUCCEEDED)).isEqualTo("\"Succeeded\"");
        assertThat(json.readValue("\"Deleting\"", ProvisioningState.class)).isEqualTo(ProvisioningState.DELETING);
        for (ProvisioningState state : ProvisioningState.values()) {
            assertThat(ProvisioningState.fromWire(state.wire())).isEqualTo(state);
        }
    }

    @Test
    void onlyCreatingUpdatingAndDeletingAreTransitional() {
        assertThat(Arrays.stream(ProvisioningState.values()).filter(ProvisioningState::isTransitional))
                .containsExactly(ProvisioningState.CREATING, ProvisioningState.UPDATING, ProvisioningState.DELETING);
    }

    @Test
    void instanceStatesUseAzureSpelling() throws Exception {
        assertThat(Arrays.stream(InstanceState.values()).map(InstanceState::wire))
                .containsExactly("Starting", "Ready", "Unready", "Failed", "Terminating");
        assertThat(json.writeValueAsString(InstanceState.READY)).isEqualTo("\"Ready\"");
        assertThat(json.readValue("\"Terminating\"", InstanceState.class)).isEqualTo(InstanceState.TERMINATING);
    }

    @Test
    void javaNamesAreNotTheWireSpelling() {
        assertThatThrownBy(() -> ProvisioningState.fromWire("SUCCEEDED"))
                .isInstanceOf(UnexpectedValueException.class)
                .hasMessage("SUCCEEDED (expected: Creating | Updating | Succeeded | Failed | Deleting)");
        assertThatThrownBy(() -> InstanceState.fromWire("ready"))
                .hasMessage("ready (expected: Starting | Ready | Unready | Failed | Terminating)");
    }
}
