package dev.sluice.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactDigestTest {

    private static ArtifactEntry file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new ArtifactEntry(path, bytes.length, HexFormat.of().formatHex(ArtifactDigest.sha256().digest(bytes)));
    }

    private static final ArtifactEntry SCORE = file("score.py", "def init(): pass\n");
    private static final ArtifactEntry MODEL = file("model/model.pkl", "weights");

    @Test
    void isOrderIndependent() {
        assertThat(ArtifactDigest.of(List.of(SCORE, MODEL))).isEqualTo(ArtifactDigest.of(List.of(MODEL, SCORE)));
    }

    @Test
    void matchesTheDocumentedFormula() {
        // SHA-256 over sorted "path\0size\0sha256hex\n" lines (docs/internals.md).
        String lines = MODEL.path() + "\0" + MODEL.size() + "\0" + MODEL.sha256() + "\n"
                + SCORE.path() + "\0" + SCORE.size() + "\0" + SCORE.sha256() + "\n";
        String expected = HexFormat.of().formatHex(ArtifactDigest.sha256().digest(lines.getBytes(StandardCharsets.UTF_8)));
        assertThat(ArtifactDigest.of(List.of(SCORE, MODEL)).hex()).isEqualTo(expected);
    }

    @Test
    void changesWithContentPathOrSize() {
        ArtifactRef base = ArtifactDigest.of(List.of(SCORE, MODEL));
        assertThat(ArtifactDigest.of(List.of(file("score.py", "def init(): pass \n"), MODEL))).isNotEqualTo(base);
        assertThat(ArtifactDigest.of(List.of(file("main.py", "def init(): pass\n"), MODEL))).isNotEqualTo(base);
        assertThat(ArtifactDigest.of(List.of(new ArtifactEntry("score.py", SCORE.size() + 1, SCORE.sha256()), MODEL)))
                .isNotEqualTo(base);
        assertThat(ArtifactDigest.of(List.of(SCORE))).isNotEqualTo(base);
    }

    @Test
    void emptyFolderHasTheDigestOfNothing() {
        assertThat(ArtifactDigest.of(List.of()).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
