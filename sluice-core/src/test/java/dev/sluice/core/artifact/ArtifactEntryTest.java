package dev.sluice.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactEntryTest {

    @ParameterizedTest
    @ValueSource(strings = {"score.py", "model/model.pkl", "a/b/c/d.txt", ".hidden", "a/.b", "..x", "x..", "dir/...", "sp ace.txt"})
    void acceptsRelativePaths(String path) {
        assertThat(ArtifactEntry.requireSafePath(path)).isEqualTo(path);
        assertThat(new ArtifactEntry(path, 1, "00").path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc/passwd", "model/../../x", "a/..", "/etc/passwd", "/", "a\\b", "..\\x",
            "a//b", "a/", "./a", "a/./b", ".", "a\0b"})
    void rejectsPathsThatCouldEscape(String path) {
        assertThatThrownBy(() -> new ArtifactEntry(path, 1, "00"))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("artifact entry: " + path + " (expected: a relative path");
                });
    }

    @org.junit.jupiter.api.Test
    void rejectsEmptyAndMissing() {
        assertThatThrownBy(() -> ArtifactEntry.requireSafePath("")).isInstanceOf(SluiceException.class);
        assertThatThrownBy(() -> ArtifactEntry.requireSafePath(null)).isInstanceOf(SluiceException.class);
    }
}
