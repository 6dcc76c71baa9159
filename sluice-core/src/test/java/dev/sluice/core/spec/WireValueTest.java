package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireValueTest {

    @Test
    void parsesTheWireSpellingOnly() {
        assertThat(WireValue.parse(AuthMode.class, "aml_token")).isEqualTo(AuthMode.AML_TOKEN);
        assertThat(WireValue.parse(ModelType.class, "triton_model")).isEqualTo(ModelType.TRITON_MODEL);
        assertThat(DeploymentType.fromWire("kubernetes")).isEqualTo(DeploymentType.KUBERNETES);
        assertThatThrownBy(() -> WireValue.parse(AuthMode.class, "AML_TOKEN")).isInstanceOf(UnexpectedValueException.class);
        assertThatThrownBy(() -> WireValue.parse(AuthMode.class, "Key")).isInstanceOf(UnexpectedValueException.class);
    }

    @Test
    void failureNamesTheValueAndTheAllowedSpellings() {
        assertThatThrownBy(() -> WireValue.parse(AuthMode.class, "password"))
                .isInstanceOfSatisfying(UnexpectedValueException.class, e -> {
                    assertThat(e.value()).isEqualTo("password");
                    assertThat(e.expected()).isEqualTo("key | aml_token | aad_token");
                    assertThat(e.getMessage()).isEqualTo("password (expected: key | aml_token | aad_token)");
                });
        assertThatThrownBy(() -> WireValue.parse(ModelType.class, null))
                .isInstanceOfSatisfying(UnexpectedValueException.class,
                        e -> assertThat(e.expected()).isEqualTo("custom_model | mlflow_model | triton_model"));
    }

    @Test
    void allowedListsEverySpellingInDeclarationOrder() {
        assertThat(WireValue.allowed(DeploymentType.class)).isEqualTo("managed | kubernetes");
    }
}
