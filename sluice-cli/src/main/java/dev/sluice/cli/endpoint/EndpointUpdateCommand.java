package dev.sluice.cli.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.client.TaggedResource;
import dev.sluice.cli.command.GlobalOptions;
import dev.sluice.cli.command.ReadModifyWrite;
import dev.sluice.cli.command.Session;
import dev.sluice.cli.command.StrictOption;
import dev.sluice.cli.command.TrafficAssignments;
import dev.sluice.cli.command.WaitOptions;
import dev.sluice.cli.output.ResourceKind;
import dev.sluice.cli.yaml.SetAssignment;
import dev.sluice.cli.yaml.SpecDocument;
import dev.sluice.cli.yaml.SpecFields;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.core.spec.Names;
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
 * {@code sluice online-endpoint update -n NAME [-f endpoint.yml] [--traffic "blue=90 green=10"]
 * [--mirror-traffic "green=10"] [--set k=v]...}: GET the endpoint, change it, PUT it back with {@code If-Match}
 * (again from the GET when someone else changed it in between, see {@link ReadModifyWrite}).
 * {@code --traffic} and {@code --mirror-traffic} replace the whole map; a file without {@code traffic} or
 * {@code mirror_traffic} keeps the current ones (they are managed with those options, as in Azure).
 */
@Command(name = "update", description = "Update an endpoint: its traffic, mirror traffic or other fields.")
public final class EndpointUpdateCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions global;

    @Mixin
    private WaitOptions waiting;

    @Mixin
    private StrictOption strict;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The endpoint (default: the file's name).")
    private String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "An endpoint YAML file with the new spec.")
    private Path file;

    @Option(names = "--traffic", arity = "1..*", paramLabel = "NAME=PERCENT",
            description = "The new traffic split, such as \"blue=90 green=10\" (replaces the whole map).")
    private List<String> traffic;

    @Option(names = "--mirror-traffic", arity = "1..*", paramLabel = "NAME=PERCENT",
            description = "The new mirror traffic, such as \"green=10\" (replaces the whole map).")
    private List<String> mirror;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Set a field, such as tags.team=ml.")
    private List<String> sets = new ArrayList<>();

    public EndpointUpdateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (file == null && traffic == null && mirror == null && sets.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to update (expected: -f FILE, --traffic, --mirror-traffic or --set)");
        }
        Map<String, Integer> newTraffic = traffic == null ? null : TrafficAssignments.traffic(traffic);
        Map<String, Integer> newMirror = mirror == null ? null : TrafficAssignments.mirror(mirror);
        sets.forEach(SetAssignment::parse); // syntax errors before any call to the server
        Session session = Session.open(context, global);
        SpecDocument fromFile = file == null ? null : session.specFiles().read(file);
        String endpoint = endpointName(fromFile);
        JsonNode updated = ReadModifyWrite.run("endpoint " + endpoint, () -> {
            TaggedResource current = session.client().readEndpoint(endpoint);
            EndpointSpec changed = changed(session, fromFile, endpoint,
                    SpecFields.specOf(current.json(), EndpointSpec.class), newTraffic, newMirror);
            return strict.client(session).updateEndpoint(changed, current.etag());
        });
        session.warnAbout(endpoint, updated);
        JsonNode result = waiting.shouldWait() ? session.waiter().endpointSettled(endpoint, updated) : updated;
        session.print(result, ResourceKind.ENDPOINT);
        return 0;
    }

    /** The new spec: the file (else the current spec) with the options applied. Changes neither argument. */
    private EndpointSpec changed(Session session, SpecDocument fromFile, String endpoint, ObjectNode current,
                                 Map<String, Integer> newTraffic, Map<String, Integer> newMirror) {
        SpecDocument document = fromFile == null ? SpecDocument.of(current, session.workingDir())
                : new SpecDocument(fromFile.tree().deepCopy(), fromFile.baseDir(), fromFile.label());
        if (fromFile != null) {
            keepIfAbsent(document.tree(), current, "traffic");
            keepIfAbsent(document.tree(), current, "mirror_traffic");
        }
        ObjectNode tree = document.tree();
        tree.put("name", endpoint);
        if (newTraffic != null) {
            tree.set("traffic", tree.objectNode().setAll(asNodes(tree, newTraffic)));
        }
        if (newMirror != null) {
            tree.set("mirror_traffic", tree.objectNode().setAll(asNodes(tree, newMirror)));
        }
        SetAssignment.applyAll(sets, tree);
        return session.specFiles().endpoint(document);
    }

    private String endpointName(SpecDocument fromFile) {
        if (name != null) {
            return Names.require("--name", name);
        }
        JsonNode inFile = fromFile == null ? null : fromFile.tree().get("name");
        if (inFile == null || !inFile.isTextual()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "missing the endpoint (expected: -n NAME, or a file with a name)");
        }
        return inFile.asText();
    }

    private static void keepIfAbsent(ObjectNode tree, ObjectNode current, String field) {
        if (!tree.has(field) && current.has(field)) {
            tree.set(field, current.get(field));
        }
    }

    private static Map<String, JsonNode> asNodes(ObjectNode factory, Map<String, Integer> percentages) {
        Map<String, JsonNode> nodes = new java.util.LinkedHashMap<>();
        percentages.forEach((deployment, percent) -> nodes.put(deployment, factory.numberNode(percent)));
        return nodes;
    }
}
