package dev.sluice.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void defaultsAreEachCodesOwnStatus() {
        StatusTable table = StatusTable.defaults();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(table.status(code)).as(code.name()).isEqualTo(code.defaultStatus());
        }
    }

    @Test
    void anOverrideChangesOnlyItsCodeAndLeavesTheOriginalAlone() {
        StatusTable defaults = StatusTable.defaults();
        StatusTable edge = defaults.with(ErrorCode.NOT_READY, 409);

        assertThat(edge.status(ErrorCode.NOT_READY)).isEqualTo(409);
        assertThat(defaults.status(ErrorCode.NOT_READY)).isEqualTo(503);
        assertThat(edge.asMap()).hasSize(ErrorCode.values().length);
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.NOT_READY) {
                assertThat(edge.status(code)).as(code.name()).isEqualTo(defaults.status(code));
            }
        }
    }

    @Test
    void refusesWhatIsNoHttpStatus() {
        assertThatThrownBy(() -> StatusTable.defaults().with(ErrorCode.INTERNAL, 600))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("600 (expected: 100..599)");
    }

    @Test
    void preconditionFailedIs412() {
        assertThat(ErrorCode.PRECONDITION_FAILED.azureName()).isEqualTo("PreconditionFailed");
        assertThat(ErrorCode.PRECONDITION_FAILED.defaultStatus()).isEqualTo(412);
    }
}
