package dev.sluice.cli.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.command.StrictOption;
import dev.sluice.cli.command.WaitOptions;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.cli.yaml.SetAssignment;
import dev.sluice.cli.yaml.SpecDocument;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice online-endpoint create -f endpoint.yml [-n NAME] [--auth-mode key|aml_token]}. */
@Command(name = "create", description = "Create an endpoint from an endpoint YAML file.")
public final class EndpointCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Mixin
    private StrictOption strict;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The endpoint YAML file.")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The endpoint's name (instead of the file's).")
    private String name;

    @Option(names = "--auth-mode", paramLabel = "MODE", description = "key, aml_token or aad_token (instead of the file's).")
    private AuthMode authMode;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field of the file, such as tags.team=ml.")
    private List<String> sets = new ArrayList<>();

    public EndpointCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        sets.forEach(SetAssignment::parse); // syntax errors before any call to the server
        Session session = Session.open(context, global);
        SpecDocument document = session.specFiles().read(file);
        if (name != null) {
            document.tree().put("name", Names.require("--name", name));
        }
        if (authMode != null) {
            document.tree().put("auth_mode", authMode.wire());
        }
        SetAssignment.applyAll(sets, document.tree());
        EndpointSpec spec = session.specFiles().endpoint(document);
        JsonNode created = strict.client(session).createEndpoint(spec);
        session.warnAbout(spec.name(), created);
        JsonNode result = waiting.shouldWait() ? session.waiter().endpointSettled(spec.name(), created) : created;
        session.print(result, ResourceKind.ENDPOINT);
        return 0;
    }
}
