package dev.sluice.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import org.junit.jupiter.api.Test;

class ArtifactRefTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void parsesAndPrintsTheSha256Form() {
        ArtifactRef ref = ArtifactRef.parse("model.path", "sha256:" + HEX);
        assertThat(ref.hex()).isEqualTo(HEX);
        assertThat(ref).hasToString("sha256:" + HEX);
        assertThat(ArtifactRef.parse("x", ref.toString())).isEqualTo(ref);
        assertThat(ArtifactRef.isRef("sha256:" + HEX)).isTrue();
    }

    @Test
    void localPathsAndMalformedDigestsAreNotReferences() {
        assertThat(ArtifactRef.isRef("../model-1/model/")).isFalse();
        assertThat(ArtifactRef.isRef(HEX)).isFalse();
        assertThat(ArtifactRef.isRef("sha256:" + HEX.toUpperCase())).isFalse();
        assertThat(ArtifactRef.isRef("sha256:" + HEX.substring(1))).isFalse();
        assertThat(ArtifactRef.isRef("sha256:" + HEX + "0")).isFalse();
        assertThat(ArtifactRef.isRef("sha1:" + HEX)).isFalse();
        assertThat(ArtifactRef.isRef(null)).isFalse();
    }

    @Test
    void parseNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> ArtifactRef.parse("code_configuration.code", "./onlinescoring"))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("code_configuration.code: ./onlinescoring (expected: an "
                            + "uploaded artifact (sha256:<hex>); the CLI uploads local folders and files for you)");
                    assertThat(e.target()).isEqualTo("code_configuration.code");
                });
    }

    @Test
    void constructorRefusesBadHex() {
        assertThatThrownBy(() -> ArtifactRef.ofHex("xyz")).hasMessage("artifact: xyz (expected: 64 lower-case hex digits)");
        assertThatThrownBy(() -> ArtifactRef.ofHex(null)).isInstanceOf(SluiceException.class);
    }
}
