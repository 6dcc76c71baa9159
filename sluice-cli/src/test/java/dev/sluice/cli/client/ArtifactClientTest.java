package dev.sluice.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifact downloads and existence checks against a stub of the management API (uploads: ArtifactUploaderTest). */
class ArtifactClientTest {

    private static final ArtifactRef REF = ArtifactRef.ofHex("ab".repeat(32));
    private static final String PATH = "/api/v1/artifacts/" + REF.hex();

    @TempDir
    Path dir;
    private StubApi api;
    private ArtifactClient artifacts;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        artifacts = SluiceClient.connect(new ServerConnection(api.url(), "admin-secret", null, "--server"))
                .artifacts();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aDownloadWritesTheZipToTheFile() throws Exception {
        byte[] zip = {'P', 'K', 3, 4, 0, 1};
        api.on("GET", PATH, new Response(200, "application/zip", zip));

        artifacts.download(REF, dir.resolve("a.zip"));

        assertThat(Files.readAllBytes(dir.resolve("a.zip"))).isEqualTo(zip);
        assertThat(api.requests().get(0).header("Accept")).isEqualTo("application/zip");
        assertThat(api.requests().get(0).header("Authorization")).isEqualTo("Bearer admin-secret");
    }

    @Test
    void aFailedDownloadIsTheServersError() {
        api.on("GET", PATH, Response.error(404, "ResourceNotFound", "artifact " + REF.hex() + " does not exist"));

        assertThatThrownBy(() -> artifacts.download(REF, dir.resolve("a.zip")))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("artifact " + REF.hex() + " does not exist");
                });
    }

    @Test
    void existsIsTrueOn200FalseOn404AndAnErrorOtherwise() {
        api.onSequence("HEAD", PATH, Response.empty(200), Response.empty(404), Response.empty(503));

        assertThat(artifacts.exists(REF)).isTrue();
        assertThat(artifacts.exists(REF)).isFalse();
        assertThatThrownBy(() -> artifacts.exists(REF)).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_READY_INSTANCE);
            assertThat(e.getMessage()).isEqualTo("HEAD " + api.url() + PATH + " answered HTTP 503 with an empty body");
        });
    }

    @Test
    void anArchiveThatIsGoneBeforeItsUploadIsNamed() {
        Path missing = dir.resolve("gone.zip");

        assertThatThrownBy(() -> artifacts.upload(REF, missing))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains(missing.toString()).contains("disappeared");
                });
        assertThat(api.requests()).isEmpty();
    }
}
