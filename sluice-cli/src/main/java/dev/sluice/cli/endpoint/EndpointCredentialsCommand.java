package dev.sluice.cli.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.EndpointKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice online-endpoint get-credentials -n NAME}: {@code {"primaryKey","secondaryKey"}} in key mode,
 * {@code {"accessToken","expiryTimeUtc","refreshAfterTimeUtc"}} in aml_token mode. The one command that prints keys.
 */
@Command(name = "get-credentials", description = "Print the endpoint's keys (or a token in aml_token mode).")
public final class EndpointCredentialsCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "The endpoint.")
    private String name;

    /** Tokens of an aad_token endpoint come from the identity provider, not from this server. */
    static SluiceException aadToken(String endpoint) {
        return SluiceException.of(ErrorCode.NOT_SUPPORTED, "endpoint " + endpoint + " uses auth_mode aad_token,"
                + " whose tokens come from the server's identity provider (expected: a token from it, sent as"
                + " 'Authorization: Bearer <token>' to the scoring_uri, for example with curl)");
    }

    public EndpointCredentialsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = Session.open(context, global);
        SluiceClient client = session.client();
        String mode = client.getEndpoint(name).path("auth_mode").asText("key");
        JsonNode credentials;
        if (mode.equals("key")) {
            EndpointKeys keys = client.listKeys(name);
            credentials = JsonNodeFactory.instance.objectNode()
                    .put("primaryKey", keys.primaryKey())
                    .put("secondaryKey", keys.secondaryKey());
        } else if (mode.equals("aml_token")) {
            credentials = client.getToken(name);
        } else {
            throw aadToken(name);
        }
        session.print(credentials, ResourceKind.OTHER);
        return 0;
    }
}
