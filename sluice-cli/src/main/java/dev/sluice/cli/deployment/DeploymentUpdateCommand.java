package dev.sluice.cli.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CliContext;
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
import dev.sluice.core.spec.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice online-deployment update -f blue.yml} (the file is the whole new spec) or
 * {@code update -n NAME -e ENDPOINT --set instance_count=3} (GET, change, PUT with {@code If-Match}, again from the
 * GET when someone else changed it in between, see {@link ReadModifyWrite}); then waits for the rollout.
 */
@Command(name = "update", description = "Update a deployment from a YAML file or with --set.")
public final class DeploymentUpdateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Mixin
    private StrictOption strict;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A deployment YAML file with the new spec.")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The deployment (default: the file's name).")
    private String name;

    @Option(names = {"-e", "--endpoint-name"}, paramLabel = "ENDPOINT",
            description = "The endpoint (default: the file's endpoint_name).")
    private String endpointName;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field, such as instance_count=3.")
    private List<String> sets = new ArrayList<>();

    public DeploymentUpdateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (file == null && (name == null || endpointName == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing the deployment (expected: -f FILE, or -n NAME and -e ENDPOINT)");
        }
        if (file == null && sets.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to update (expected: -f FILE or --set PATH=VALUE)");
        }
        sets.forEach(SetAssignment::parse); // syntax errors before any call to the server
        Session session = Session.open(context, global);
        Sent sent = file == null
                ? ReadModifyWrite.run("deployment " + name + " of endpoint " + endpointName, () -> setOnServer(session))
                : replaceFromFile(session);
        DeploymentSpec deployment = sent.spec();
        session.warnAbout(deployment.name(), sent.answer());
        JsonNode result = waiting.shouldWait()
                ? session.waiter().deploymentSettled(deployment.endpointName(), deployment.name(), sent.answer())
                : sent.answer();
        session.print(result, ResourceKind.DEPLOYMENT);
        return 0;
    }

    /** The spec that was PUT and the server's answer. */
    private record Sent(DeploymentSpec spec, JsonNode answer) {
    }

    /** One read-modify-write: the server's spec with the --set changes, sent with its ETag as If-Match. */
    private Sent setOnServer(Session session) {
        TaggedResource current = session.client().readDeployment(endpointName, name);
        SpecDocument document = SpecDocument.of(SpecFields.specOf(current.json(), DeploymentSpec.class),
                session.workingDir());
        SetAssignment.applyAll(sets, document.tree());
        DeploymentSpec deployment = keepsScaledToZero(current.json(), document)
                ? publishCountingOne(session, document).withInstanceCount(0)
                : session.specFiles().prepare(document).publish();
        return new Sent(deployment,
                strict.client(session).updateDeployment(deployment.endpointName(), deployment, current.etag()));
    }

    /**
     * An autoscale setting may have scaled the deployment to zero; sending that count back unchanged is not a
     * request for zero instances, so it is checked as one instance and sent as zero (the server does the same).
     */
    private static boolean keepsScaledToZero(JsonNode current, SpecDocument next) {
        return current.path("instance_count").asInt(-1) == 0 && next.tree().path("instance_count").asInt(-1) == 0;
    }

    private static DeploymentSpec publishCountingOne(Session session, SpecDocument document) {
        document.tree().put("instance_count", 1);
        return session.specFiles().prepare(document).publish();
    }

    /** The file is the whole new spec: nothing of the current one is kept, so there is nothing to lose. */
    private Sent replaceFromFile(Session session) {
        SpecDocument document = fromFile(session);
        SetAssignment.applyAll(sets, document.tree());
        PreparedDeployment prepared = session.specFiles().prepare(document);
        // "does not exist" before uploading anything
        session.client().getDeployment(prepared.spec().endpointName(), prepared.spec().name());
        DeploymentSpec deployment = prepared.publish();
        return new Sent(deployment, strict.client(session).updateDeployment(deployment.endpointName(), deployment));
    }

    private SpecDocument fromFile(Session session) {
        SpecDocument document = session.specFiles().read(file);
        if (name != null) {
            document.tree().put("name", Names.require("--name", name));
        }
        if (endpointName != null) {
            document.tree().put("endpoint_name", Names.require("--endpoint-name", endpointName));
        }
        return document;
    }
}
