package dev.sluice.cli.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.artifact.ArtifactDigest;
import dev.sluice.core.artifact.ArtifactEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTreeTest {

    @TempDir
    Path dir;

    private Path write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aModelFolderKeepsItsNameAsTheTopEntry() throws Exception {
        write("model-1/model/sklearn_regression_model.pkl", "weights");
        write("model-1/model/sub/extra.txt", "more");
        ArtifactTree tree = ArtifactTree.model(dir.resolve("model-1/model/"));
        assertThat(tree.entries()).containsExactly(
                new ArtifactEntry("model/sklearn_regression_model.pkl", 7, sha256("weights")),
                new ArtifactEntry("model/sub/extra.txt", 4, sha256("more")));
        assertThat(tree.ref()).isEqualTo(ArtifactDigest.of(tree.entries()));
    }

    @Test
    void aCodeFolderContributesItsContents() throws Exception {
        write("onlinescoring/score.py", "def init(): pass\n");
        write("onlinescoring/lib/helper.py", "x = 1\n");
        assertThat(ArtifactTree.contents(dir.resolve("onlinescoring")).entries())
                .extracting(ArtifactEntry::path).containsExactly("lib/helper.py", "score.py");
    }

    @Test
    void aSingleFileContributesItself() throws Exception {
        Path conda = write("env/conda.yaml", "name: env\n");
        Path onnx = write("models/x.onnx", "onnx");
        assertThat(ArtifactTree.file(conda).entries()).extracting(ArtifactEntry::path).containsExactly("conda.yaml");
        assertThat(ArtifactTree.model(onnx).entries()).extracting(ArtifactEntry::path).containsExactly("x.onnx");
        assertThat(ArtifactTree.contents(onnx).entries()).extracting(ArtifactEntry::path).containsExactly("x.onnx");
    }

    @Test
    void pythonCachesAreLeftOut() throws Exception {
        write("code/score.py", "run");
        write("code/__pycache__/score.cpython-311.pyc", "cache");
        write("code/sub/__pycache__/x.cpython-311.pyc", "cache");
        write("code/old.pyc", "cache");
        assertThat(ArtifactTree.contents(dir.resolve("code")).entries())
                .extracting(ArtifactEntry::path).containsExactly("score.py");
    }

    @Test
    void theSameFolderTwiceGivesTheSameDigest() throws Exception {
        write("code/score.py", "run");
        write("code/a/b.txt", "b");
        ArtifactTree first = ArtifactTree.contents(dir.resolve("code"));
        write("code/__pycache__/score.pyc", "a cache does not change the digest");
        assertThat(ArtifactTree.contents(dir.resolve("code")).ref()).isEqualTo(first.ref());
        Path copy = dir.resolve("elsewhere/code-copy");
        Files.createDirectories(copy.resolve("a"));
        Files.writeString(copy.resolve("score.py"), "run");
        Files.writeString(copy.resolve("a/b.txt"), "b");
        assertThat(ArtifactTree.contents(copy).ref()).isEqualTo(first.ref());
    }

    @Test
    void contentAndFolderNameChangeTheDigest() throws Exception {
        write("v1/model/w.bin", "one");
        write("v2/model/w.bin", "two");
        write("v3/other/w.bin", "one");
        ArtifactTree v1 = ArtifactTree.model(dir.resolve("v1/model"));
        assertThat(ArtifactTree.model(dir.resolve("v2/model")).ref()).isNotEqualTo(v1.ref());
        assertThat(ArtifactTree.model(dir.resolve("v3/other")).ref()).isNotEqualTo(v1.ref());
    }

    @Test
    void theZipHoldsExactlyTheEntriesWithTheirContent() throws Exception {
        write("model/a.txt", "alpha");
        write("model/sub/b.txt", "beta");
        write("model/__pycache__/c.pyc", "skip");
        ArtifactTree tree = ArtifactTree.model(dir.resolve("model"));
        Path zip = dir.resolve("out.zip");
        ArtifactZip.write(tree, zip);
        List<ArtifactEntry> fromZip = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                String content = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                fromZip.add(new ArtifactEntry(entry.getName(), content.length(), sha256(content)));
            }
        }
        assertThat(fromZip).containsExactlyElementsOf(tree.entries());
        assertThat(ArtifactDigest.of(fromZip)).isEqualTo(tree.ref());
    }
}
