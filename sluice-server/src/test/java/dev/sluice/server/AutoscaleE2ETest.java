package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.testing.RunningServer;
import dev.sluice.server.testing.SluiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice autoscale} as a user runs it, with Azure Monitor's JSON (examples/autoscale/autoscale.json), and a
 * deployment scaled to zero that {@code invoke} wakes: the request waits while an instance starts, then is answered.
 */
class AutoscaleE2ETest {

    private static final Path EXAMPLE = RunningServer.EXAMPLES.resolve("autoscale");
    private static final String ENDPOINT = "autoscale-demo";

    @TempDir
    static Path home;

    @TempDir
    Path files;

    private static SluiceProcess sluice;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServer() {
        sluice = SluiceProcess.in(home);
        sluice.startServer();
        sluice.sluice("online-endpoint", "create", "-f", EXAMPLE.resolve("endpoint.yml").toString()).ok();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        sluice.stopServer();
    }

    @Test
    void anAzureAutoscaleSettingIsCreatedShownListedRefusedTwiceAndDeleted() throws IOException {
        sluice.sluice("online-deployment", "create", "-f", EXAMPLE.resolve("rules-deployment.yml").toString(),
                "--all-traffic").ok();
        String[] target = {"--endpoint", ENDPOINT, "--deployment", "green"};

        // The example's CPU rule has a warning (a share of every core here), so --strict refuses it unstored.
        SluiceProcess.Result strict = autoscale("create", "-f", EXAMPLE.resolve("autoscale.json").toString(),
                "--strict", target[0], target[1], target[2], target[3]);
        assertThat(strict.status()).isNotZero();
        assertThat(strict.err()).contains("--strict: ").contains("properties.profiles[0].rules[1].metricTrigger"
                + ".metricName: CpuUtilizationPercentage of an instance is its share of all");
        assertThat(autoscale("show", target).status()).isNotZero();

        SluiceProcess.Result createdRun = autoscale("create", "-f", EXAMPLE.resolve("autoscale.json").toString(),
                target).ok();
        assertThat(createdRun.err()).contains("WARNING: properties.profiles[0].rules[1].metricTrigger.metricName:");
        JsonNode created = json.readTree(createdRun.out());
        assertThat(created.at("/setting/profiles/0/name").asText()).isEqualTo("weekdays");
        assertThat(created.at("/setting/profiles/1/capacity/minimum").asText()).isEqualTo("0");
        assertThat(created.path("warnings").isArray()).isTrue();

        JsonNode shown = json.readTree(autoscale("show", target).ok().out());
        assertThat(shown.path("setting")).isEqualTo(created.path("setting"));
        assertThat(json.readTree(autoscale("list").ok().out()).get(0).path("deployment").asText()).isEqualTo("green");

        SluiceProcess.Result again = autoscale("create", "-f", EXAMPLE.resolve("autoscale.json").toString(), target);
        assertThat(again.status()).isNotZero();
        assertThat(again.err()).contains("has an autoscale setting already").contains("Conflict");

        Path bad = files.resolve("bad.json");
        Files.writeString(bad, Files.readString(EXAMPLE.resolve("autoscale.json"))
                .replaceFirst("\"GreaterThan\"", "\"Bigger\""));
        SluiceProcess.Result refused = autoscale("update", "-f", bad.toString(), target);
        assertThat(refused.status()).isNotZero();
        assertThat(refused.err()).contains("properties.profiles[0].rules[0].metricTrigger.operator: Bigger (expected:");

        assertThat(json.readTree(autoscale("history", target).ok().out()).isArray()).isTrue();
        autoscale("delete", "--yes", "--endpoint", ENDPOINT, "--deployment", "green").ok();
        assertThat(autoscale("show", target).err()).contains("has no autoscale setting");
    }

    @Test
    void aRequestToADeploymentScaledToZeroWaitsForAnInstanceAndIsAnswered() throws IOException {
        Path zero = files.resolve("zero-deployment.yml");
        Files.writeString(zero, Files.readString(EXAMPLE.resolve("target-utilization-deployment.yml"))
                .replace("name: blue", "name: sleepy")
                .replace("instance_count: 1", "instance_count: 0")
                .replace("min_instances: 1", "min_instances: 0")
                .replace("request_timeout_ms: 5000", "request_timeout_ms: 60000")
                .replace("path: model/", "path: " + EXAMPLE.resolve("model") + "/")
                .replace("code: code/", "code: " + EXAMPLE.resolve("code") + "/"));
        sluice.sluice("online-deployment", "create", "-f", zero.toString()).ok();
        assertThat(readyInstances("sleepy")).isZero();

        SluiceProcess.Result answer = sluice.sluice("online-endpoint", "invoke", "-n", ENDPOINT,
                "--deployment-name", "sleepy", "-r", EXAMPLE.resolve("sample-request.json").toString()).ok();

        assertThat(answer.out()).contains("worked_ms");
        assertThat(readyInstances("sleepy")).isEqualTo(1);
        JsonNode history = json.readTree(autoscale("history", "--endpoint", ENDPOINT, "--deployment", "sleepy")
                .ok().out());
        assertThat(history.get(0).path("source").asText()).isEqualTo("scale from zero");
        assertThat(history.get(0).path("to").asInt()).isEqualTo(1);
    }

    private int readyInstances(String deployment) throws IOException {
        JsonNode shown = json.readTree(sluice.sluice("online-deployment", "show", "-n", deployment, "-e", ENDPOINT)
                .ok().out());
        int ready = 0;
        for (JsonNode instance : shown.path("instances")) {
            ready += instance.path("state").asText().equals("Ready") ? 1 : 0;
        }
        return ready;
    }

    private static SluiceProcess.Result autoscale(String verb, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "autoscale";
        argv[1] = verb;
        System.arraycopy(args, 0, argv, 2, args.length);
        return sluice.sluice(argv);
    }

    private static SluiceProcess.Result autoscale(String verb, String option, String value, String[] target) {
        String[] args = new String[target.length + 2];
        args[0] = option;
        args[1] = value;
        System.arraycopy(target, 0, args, 2, target.length);
        return autoscale(verb, args);
    }
}
