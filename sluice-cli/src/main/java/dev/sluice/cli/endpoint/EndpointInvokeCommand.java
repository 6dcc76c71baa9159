package dev.sluice.cli.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.InvokeResult;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice online-endpoint invoke -n NAME -r request.json [--deployment-name D]}: POSTs the file to the
 * endpoint's scoring URI with its key and prints the answer's body. A non-2xx answer goes to stderr, exit 1.
 */
@Command(name = "invoke", description = "Send a scoring request to an endpoint and print the answer.")
public final class EndpointInvokeCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The endpoint.")
    private String name;

    @Option(names = {"-r", "--request-file"}, required = true, paramLabel = "FILE", description = "The JSON request body.")
    private Path requestFile;

    @Option(names = {"-d", "--deployment-name"}, paramLabel = "DEPLOYMENT",
            description = "Send to this deployment, whatever the traffic split says.")
    private String deployment;

    public EndpointInvokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        byte[] body = readRequest();
        Session session = Session.open(context, global);
        SluiceClient client = session.client();
        JsonNode endpoint = client.getEndpoint(name);
        String scoringUri = endpoint.path("scoring_uri").asText("");
        if (scoringUri.isBlank()) {
            throw SluiceException.of(ErrorCode.NOT_READY, "endpoint " + name + " has no scoring_uri yet");
        }
        InvokeResult result = client.invoke(URI.create(scoringUri), credential(client, endpoint), body, deployment);
        if (result.isSuccess()) {
            context.out().print(withNewline(result.body()));
            context.out().flush();
            return 0;
        }
        if (!result.body().isBlank()) {
            context.err().print(withNewline(result.body()));
        }
        throw SluiceException.of(codeOf(result), "endpoint " + name + " answered HTTP " + result.status()
                + (result.deployment() == null ? "" : " from deployment " + result.deployment())
                + (result.requestId() == null ? "" : " (x-request-id " + result.requestId() + ")"));
    }

    /** The key (key mode) or token (aml_token mode) that the gateway expects; never printed. */
    private String credential(SluiceClient client, JsonNode endpoint) {
        String mode = endpoint.path("auth_mode").asText("key");
        if (mode.equals("aad_token")) {
            throw EndpointCredentialsCommand.aadToken(name);
        }
        return mode.equals("key") ? client.listKeys(name).primaryKey()
                : client.getToken(name).path("accessToken").asText();
    }

    private byte[] readRequest() {
        try {
            return Files.readAllBytes(requestFile);
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, "--request-file: " + requestFile + " cannot be read"
                    + " (resolved to " + requestFile.toAbsolutePath().normalize() + ")", "--request-file");
        }
    }

    /** The gateway's own error code when the body carries one, else one that fits the status. */
    private static ErrorCode codeOf(InvokeResult result) {
        try {
            String code = new ObjectMapper().readTree(result.body()).path("error").path("code").asText("");
            for (ErrorCode candidate : ErrorCode.values()) {
                if (candidate.azureName().equals(code)) {
                    return candidate;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: the scoring code's own body.
        }
        return switch (result.status()) {
            case 400 -> ErrorCode.BAD_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 424 -> ErrorCode.MODEL_ERROR;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 502 -> ErrorCode.INSTANCE_FAILED;
            case 503 -> ErrorCode.NO_READY_INSTANCE;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }
}
