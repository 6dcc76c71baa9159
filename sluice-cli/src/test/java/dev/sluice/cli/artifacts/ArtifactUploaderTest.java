package dev.sluice.cli.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.client.ServerConnection;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactUploaderTest {

    @TempDir
    Path dir;

    private StubApi api;
    private SluiceClient client;
    private final StringWriter progress = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        client = SluiceClient.connect(new ServerConnection(api.url(), "admin-secret", null, "--server"));
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/w.bin"), "weights");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void skipsTheUploadWhenTheServerHasTheArtifact() {
        ArtifactTree tree = ArtifactTree.model(dir.resolve("model"));
        String path = "/api/v1/artifacts/" + tree.ref().hex();
        api.on("HEAD", path, Response.empty(200));
        var ref = ArtifactUploader.create(client, new PrintWriter(progress)).publish("model ./model", tree);
        assertThat(ref).isEqualTo(tree.ref());
        assertThat(api.requests("HEAD", path)).hasSize(1);
        assertThat(api.requests("PUT", path)).isEmpty();
        assertThat(progress.toString()).contains("model ./model: already on the server");
    }

    @Test
    void uploadsAZipOfTheTreeWhenTheServerLacksIt() throws Exception {
        ArtifactTree tree = ArtifactTree.model(dir.resolve("model"));
        String path = "/api/v1/artifacts/" + tree.ref().hex();
        api.on("HEAD", path, Response.empty(404)).on("PUT", path, Response.json(201, "{}"));
        ArtifactUploader.create(client, new PrintWriter(progress)).publish("model ./model", tree);
        StubApi.Request put = api.requests("PUT", path).get(0);
        assertThat(put.header("Content-Type")).isEqualTo("application/zip");
        assertThat(put.header("Authorization")).isEqualTo("Bearer admin-secret");
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(put.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName() + "=" + new String(zip.readAllBytes()));
            }
        }
        assertThat(names).containsExactly("model/w.bin=weights");
        assertThat(progress.toString()).contains("Uploading model ./model (1 file, 7 B) as sha256:" + tree.ref().hex().substring(0, 12));
    }

    @Test
    void humanSizes() {
        assertThat(ArtifactUploader.humanSize(512)).isEqualTo("512 B");
        assertThat(ArtifactUploader.humanSize(1536)).isEqualTo("1.5 KiB");
        assertThat(ArtifactUploader.humanSize(5L * 1024 * 1024)).isEqualTo("5.0 MiB");
    }
}
