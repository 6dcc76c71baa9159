package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.artifacts.ArtifactUploader;
import dev.sluice.cli.client.ServerConnection;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.yaml.SpecFiles;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.EndpointKeys;
import dev.sluice.core.spec.EndpointSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice quickstart}: starts a server on the embedded store, deploys the bundled ONNX classifier as
 * blue (model v1) and green (model v2) at 90/10, prints a working curl line and serves until Ctrl-C.
 * Running it again on the same data folder reuses what is there.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start a server, deploy the bundled example as blue/green at 90/10, print a curl line, serve until Ctrl-C.")
public final class QuickstartCommand implements Callable<Integer> {

    static final String ENDPOINT = "quickstart";
    private static final List<String> DEPLOYMENTS = List.of("blue", "green");
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", description = "Data folder (default: $SLUICE_HOME, else ~/.sluice).")
    String dataDir;

    @Option(names = "--api-port", description = "Management API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int apiPort = ServerSettings.DEFAULT_API_PORT;

    @Option(names = "--gateway-port", description = "Gateway port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int gatewayPort = ServerSettings.DEFAULT_GATEWAY_PORT;

    private final Map<String, String> environment;
    private final String userHome;

    public QuickstartCommand(Map<String, String> environment, String userHome) {
        this.environment = environment;
        this.userHome = userHome;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path example = Path.of(System.getProperty("sluice.home", "."), "examples", "quickstart").toAbsolutePath();
        if (!Files.isRegularFile(example.resolve("endpoint.yml"))) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "the bundled example is missing: " + example
                    + "/endpoint.yml (expected: run bin/sluice from a Sluice checkout)");
        }
        DataDir dir = DataDir.locate(dataDir, environment, userHome);
        SluiceServer server = SluiceServer.start(ServerSettings.defaults(dir).withPorts(apiPort, gatewayPort));
        try {
            err.println("Server up: API " + server.info().apiUrl() + ", gateway " + server.info().gatewayUrl());
            err.flush();
            SluiceClient client = SluiceClient.connect(new ServerConnection(URI.create(server.info().apiUrl()),
                    server.adminToken(), server.caCert(), "quickstart"));
            EndpointKeys keys = deploy(client, SpecFiles.create(ArtifactUploader.create(client, err)), example, err);
            printCurl(out, client.getEndpoint(ENDPOINT).path("scoring_uri").asText(), keys, server, example);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        ServerCommand.runUntilStopped(server);
        return 0;
    }

    private static EndpointKeys deploy(SluiceClient client, SpecFiles files, Path example, PrintWriter err)
            throws InterruptedException {
        EndpointSpec endpoint = files.endpoint(example.resolve("endpoint.yml"));
        if (client.findEndpoint(ENDPOINT).isEmpty()) {
            err.println("Creating endpoint " + ENDPOINT + " ...");
            client.createEndpoint(endpoint);
        }
        for (String name : DEPLOYMENTS) {
            if (client.findDeployment(ENDPOINT, name).isEmpty()) {
                err.println("Creating deployment " + name + " ...");
                err.flush();
                client.createDeployment(ENDPOINT, files.deployment(example.resolve(name + "-deployment.yml")));
            }
        }
        for (String name : DEPLOYMENTS) {
            waitUntilSucceeded(client, name, err);
        }
        Map<String, Integer> traffic = new LinkedHashMap<>();
        traffic.put("blue", 90);
        traffic.put("green", 10);
        client.updateEndpoint(endpoint.withTraffic(traffic));
        err.println("Traffic: blue=90 green=10");
        err.flush();
        return client.listKeys(ENDPOINT);
    }

    private static void waitUntilSucceeded(SluiceClient client, String name, PrintWriter err)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(DEPLOY_TIMEOUT);
        while (true) {
            JsonNode d = client.getDeployment(ENDPOINT, name);
            String state = d.path("provisioning_state").asText();
            if (state.equals("Succeeded")) {
                err.println("Deployment " + name + " is ready (" + d.path("instances").size() + " instance(s)).");
                err.flush();
                return;
            }
            if (state.equals("Failed") || Instant.now().isAfter(deadline)) {
                throw SluiceException.of(ErrorCode.INSTANCE_FAILED, "deployment " + name + " is " + state + ": "
                        + d.path("reason").asText("(no reason)") + " (see: sluice online-deployment get-logs -n "
                        + name + " -e " + ENDPOINT + ")");
            }
            Thread.sleep(200);
        }
    }

    private static void printCurl(PrintWriter out, String scoringUri, EndpointKeys keys, SluiceServer server,
                                  Path example) {
        String cacert = server.caCert() == null ? "" : "--cacert " + server.caCert() + " ";
        out.println();
        out.println("Endpoint '" + ENDPOINT + "' serves blue (model v1) 90% and green (model v2) 10%. Try:");
        out.println();
        out.println("  curl " + cacert + "-H \"Authorization: Bearer " + keys.primaryKey() + "\" \\");
        out.println("       -H \"Content-Type: application/json\" -d @" + example.resolve("sample-request.json")
                + " \\");
        out.println("       " + scoringUri);
        out.println();
        out.println("Add -i to see which deployment answered (header azureml-model-deployment), or pin one with");
        out.println("-H \"azureml-model-deployment: green\". Ctrl-C stops the server and its workers.");
        out.flush();
    }
}
