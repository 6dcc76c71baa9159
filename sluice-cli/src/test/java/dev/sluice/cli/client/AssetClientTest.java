package dev.sluice.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.registry.AssetKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's routes as the CLI asks them, against a stub of the management API. */
class AssetClientTest {

    private StubApi api;
    private AssetClient assets;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        assets = SluiceClient.connect(new ServerConnection(api.url(), "admin-secret", null, "--server")).assets();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsAskForArchivedVersionsAndANameOnlyAsTold() {
        api.on("GET", "/api/v1/models", Response.json(200, "{\"value\":[{\"name\":\"m\",\"version\":\"1\"}]}"));

        assertThat(assets.list(AssetKind.MODEL, "my model", false)).singleElement()
                .satisfies(v -> assertThat(v.path("version").asText()).isEqualTo("1"));
        assets.list(AssetKind.MODEL, null, true);

        assertThat(api.requests()).extracting(StubApi.Request::query)
                .containsExactly("includeArchived=false&name=my%20model", "includeArchived=true");
    }

    @Test
    void aListWithoutAValueArrayIsRefused() {
        api.on("GET", "/api/v1/environments", Response.json(200, "{}"));

        assertThatThrownBy(() -> assets.list(AssetKind.ENVIRONMENT, null, false))
                .isInstanceOfSatisfying(SluiceException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void versionsLatestAndArchivingHaveTheirOwnPaths() {
        api.on("GET", "/api/v1/models/m/versions/2", Response.json(200, "{\"version\":\"2\"}"))
                .on("GET", "/api/v1/environments/env/latest", Response.json(200, "{\"version\":\"7\"}"))
                .on("POST", "/api/v1/models/m/versions/2/archive", Response.json(200, "{\"archived\":true}"))
                .on("POST", "/api/v1/models/m/versions/2/restore", Response.json(200, "{\"archived\":false}"));

        assertThat(assets.get(AssetKind.MODEL, "m", "2").path("version").asText()).isEqualTo("2");
        assertThat(assets.latest(AssetKind.ENVIRONMENT, "env").path("version").asText()).isEqualTo("7");
        assertThat(assets.archive(AssetKind.MODEL, "m", "2").path("archived").asBoolean()).isTrue();
        assertThat(assets.restore(AssetKind.MODEL, "m", "2").path("archived").asBoolean()).isFalse();
        assertThat(api.requests("POST", "/api/v1/models/m/versions/2/archive").get(0).body()).isEmpty();
    }

    @Test
    void aMissingVersionIsTheServersNotFound() {
        api.on("GET", "/api/v1/models/m/versions/9",
                Response.error(404, "ResourceNotFound", "model m:9 does not exist"));

        assertThatThrownBy(() -> assets.get(AssetKind.MODEL, "m", "9"))
                .isInstanceOfSatisfying(SluiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("model m:9 does not exist");
                });
    }
}
