package dev.sluice.cli.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.client.TaggedResource;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.ReadModifyWrite;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.command.StrictOption;
import dev.sluice.cli.command.WaitOptions;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.cli.yaml.PreparedDeployment;
import dev.sluice.cli.yaml.SetAssignment;
import dev.sluice.cli.yaml.SpecDocument;
import dev.sluice.cli.yaml.SpecFields;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.EndpointValidator;
import dev.sluice.core.spec.Names;
import dev.sluice.core.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice online-deployment create -f blue.yml [--all-traffic] [--endpoint-name E]}: uploads the local
 * model, code and conda file, creates the deployment and waits until it is Succeeded (or Failed). With
 * {@code --all-traffic} it then sets the endpoint's traffic to {@code {name: 100}}.
 */
@Command(name = "create", description = "Create a deployment from a deployment YAML file.")
public final class DeploymentCreateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Mixin
    private StrictOption strict;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The deployment YAML file.")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The deployment's name (instead of the file's).")
    private String name;

    @Option(names = {"-e", "--endpoint-name"}, paramLabel = "ENDPOINT",
            description = "The endpoint (instead of the file's endpoint_name).")
    private String endpointName;

    @Option(names = "--all-traffic", description = "Once Succeeded, send all of the endpoint's traffic to it.")
    private boolean allTraffic;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field of the file, such as instance_count=2.")
    private List<String> sets = new ArrayList<>();

    public DeploymentCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (allTraffic && !waiting.shouldWait()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--all-traffic waits for the deployment to succeed, so it cannot go with --no-wait");
        }
        sets.forEach(SetAssignment::parse); // syntax errors before any call to the server
        Session session = Session.open(context, global);
        SpecDocument document = session.specFiles().read(file);
        if (name != null) {
            document.tree().put("name", Names.require("--name", name));
        }
        if (endpointName != null) {
            document.tree().put("endpoint_name", Names.require("--endpoint-name", endpointName));
        }
        SetAssignment.applyAll(sets, document.tree());
        PreparedDeployment prepared = session.specFiles().prepare(document);
        session.client().getEndpoint(prepared.spec().endpointName()); // "does not exist" before any upload
        DeploymentSpec deployment = prepared.publish();
        SluiceClient client = session.client();
        JsonNode created = strict.client(session).createDeployment(deployment.endpointName(), deployment);
        session.warnAbout(deployment.name(), created);
        if (!waiting.shouldWait()) {
            session.print(created, ResourceKind.DEPLOYMENT);
            return 0;
        }
        JsonNode settled = session.waiter().deploymentSettled(deployment.endpointName(), deployment.name(), created);
        if (allTraffic) {
            sendAllTraffic(session, deployment.endpointName(), deployment.name());
        }
        session.print(settled, ResourceKind.DEPLOYMENT);
        return 0;
    }

    /** A read-modify-write of the endpoint (see {@link ReadModifyWrite}): its other fields are kept as they are. */
    private static void sendAllTraffic(Session session, String endpoint, String deployment) {
        SluiceClient client = session.client();
        SpecReader specs = SpecReader.create();
        ReadModifyWrite.run("endpoint " + endpoint, () -> {
            TaggedResource read = client.readEndpoint(endpoint);
            EndpointSpec current = specs.endpoint(SpecFields.specOf(read.json(), EndpointSpec.class));
            return client.updateEndpoint(EndpointValidator.validate(current.withTraffic(Map.of(deployment, 100))),
                    read.etag());
        });
        session.progress(endpoint + ": traffic " + deployment + "=100");
    }
}
