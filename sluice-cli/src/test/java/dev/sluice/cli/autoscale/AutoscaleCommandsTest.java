package dev.sluice.cli.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.testing.CliRunner;
import dev.sluice.cli.testing.CliRunner.Result;
import dev.sluice.cli.testing.StubApi;
import dev.sluice.cli.testing.StubApi.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice autoscale create|update}: the server's warnings on stderr, and --strict asking it to refuse them. */
class AutoscaleCommandsTest {

    private static final String SETTING = "/api/v1/endpoints/my-endpoint/deployments/blue/autoscale";
    private static final String GRAIN_WARNING = "profiles[0].rules[0].metricTrigger.timeGrain: PT30S is below"
            + " Azure's minimum PT1M (a Sluice extension: Azure would refuse this setting)";
    private static final String ANSWER = "{\"endpoint\":\"my-endpoint\",\"deployment\":\"blue\",\"setting\":{},"
            + "\"warnings\":[\"" + GRAIN_WARNING + "\"],\"created_at\":\"2026-12-01T10:00:00Z\","
            + "\"updated_at\":\"2026-12-01T10:00:00Z\"}";

    @TempDir
    Path dir;

    private StubApi api;
    private CliRunner cli;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        api = StubApi.http();
        cli = CliRunner.inDataDir(dir.resolve("data")).withServer(api.url(), "admin-secret", null);
        file = Files.writeString(dir.resolve("autoscale.json"), "{\"profiles\": []}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theServersWarningsArePrintedOnStderr() {
        api.on("POST", SETTING, Response.json(201, ANSWER));

        Result result = cli.run("autoscale", "create", "-f", file.toString(), "-e", "my-endpoint", "-d", "blue");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).contains("WARNING: " + GRAIN_WARNING);
        assertThat(api.requests("POST", SETTING)).singleElement().satisfies(r -> {
            assertThat(r.query()).isNull();
            assertThat(r.text()).isEqualTo("{\"profiles\": []}");
        });
    }

    @Test
    void strictAsksTheServerToRefuseWarningsOnCreateAndUpdate() {
        String refusal = "--strict: " + GRAIN_WARNING + " (expected: no key that is accepted without effect)";
        api.on("POST", SETTING, Response.error(400, "BadArgument", refusal));
        api.on("PUT", SETTING, Response.error(400, "BadArgument", refusal));

        Result created = cli.run("autoscale", "create", "-f", file.toString(), "-e", "my-endpoint", "-d", "blue",
                "--strict");
        Result updated = cli.run("autoscale", "update", "-f", file.toString(), "-e", "my-endpoint", "-d", "blue",
                "--strict");

        for (Result result : new Result[] {created, updated}) {
            assertThat(result.status()).isNotZero();
            assertThat(result.err()).contains("ERROR: " + refusal);
        }
        assertThat(api.requests("POST", SETTING)).singleElement().satisfies(r ->
                assertThat(r.query()).isEqualTo("strict=true"));
        assertThat(api.requests("PUT", SETTING)).singleElement().satisfies(r ->
                assertThat(r.query()).isEqualTo("strict=true"));
    }
}
