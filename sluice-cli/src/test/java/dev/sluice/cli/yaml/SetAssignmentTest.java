package dev.sluice.cli.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.spec.DeploymentSpec;
import dev.sluice.core.spec.SpecReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetAssignmentTest {

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode tree(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    @Test
    void readsValuesAsYamlScalars() throws Exception {
        ObjectNode tree = tree("{\"name\":\"blue\"}");
        SetAssignment.applyAll(List.of("instance_count=3", "app_insights_enabled=true", "description=a model",
                "tags.version='3'", "tags.team=ml"), tree);
        assertThat(tree.get("instance_count").isInt()).isTrue();
        assertThat(tree.get("instance_count").asInt()).isEqualTo(3);
        assertThat(tree.get("app_insights_enabled").isBoolean()).isTrue();
        assertThat(tree.get("description").asText()).isEqualTo("a model");
        assertThat(tree.get("tags").get("version").isTextual()).isTrue();
        assertThat(tree.get("tags").get("version").asText()).isEqualTo("3");
        assertThat(tree.get("tags").get("team").asText()).isEqualTo("ml");
    }

    @Test
    void changesNestedFieldsAndKeepsTheirSiblings() throws Exception {
        ObjectNode tree = tree("{\"request_settings\":{\"request_timeout_ms\":5000,\"max_queue_wait_ms\":500}}");
        SetAssignment.parse("request_settings.request_timeout_ms=9000").applyTo(tree);
        assertThat(tree.toString())
                .isEqualTo("{\"request_settings\":{\"request_timeout_ms\":9000,\"max_queue_wait_ms\":500}}");
    }

    @Test
    void anEmptyValueRemovesTheField() throws Exception {
        ObjectNode tree = tree("{\"description\":\"old\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
        SetAssignment.applyAll(List.of("description=", "tags.a="), tree);
        assertThat(tree.toString()).isEqualTo("{\"tags\":{\"b\":\"2\"}}");
    }

    @Test
    void textThatYamlWouldReadAsAMappingStaysText() throws Exception {
        ObjectNode tree = tree("{}");
        SetAssignment.parse("description=note: keep this").applyTo(tree);
        assertThat(tree.get("description").asText()).isEqualTo("note: keep this");
    }

    @Test
    void flowValuesSetWholeMappings() throws Exception {
        ObjectNode tree = tree("{\"traffic\":{\"blue\":100}}");
        SetAssignment.parse("traffic={blue: 90, green: 10}").applyTo(tree);
        assertThat(tree.get("traffic").toString()).isEqualTo("{\"blue\":90,\"green\":10}");
        assertThatThrownBy(() -> SetAssignment.parse("traffic={blue: "))
                .hasMessageContaining("--set: traffic={blue: ");
    }

    @Test
    void badSyntaxNamesTheArgument() {
        assertThatThrownBy(() -> SetAssignment.parse("instance_count"))
                .hasMessage("--set: instance_count (expected: PATH=VALUE, such as instance_count=3 or tags.team=ml)");
        assertThatThrownBy(() -> SetAssignment.parse("=3")).hasMessageStartingWith("--set: =3 (expected");
        assertThatThrownBy(() -> SetAssignment.parse("tags..team=ml")).hasMessageStartingWith("--set: tags..team=ml");
    }

    @Test
    void refusesToDescendIntoAScalar() throws Exception {
        ObjectNode tree = tree("{\"instance_count\":1}");
        assertThatThrownBy(() -> SetAssignment.parse("instance_count.x=1").applyTo(tree))
                .hasMessage("--set: instance_count.x=1 (expected: instance_count to be a mapping, but it is 1)");
    }

    @Test
    void theRebindingNamesTheWrongField() throws Exception {
        ObjectNode tree = tree("{\"name\":\"blue\",\"endpoint_name\":\"my-endpoint\"}");
        SetAssignment.parse("instance_count=two").applyTo(tree);
        assertThatThrownBy(() -> SpecReader.create().deployment(tree)).hasMessageStartingWith("instance_count: two");
        ObjectNode unknown = tree("{\"name\":\"blue\"}");
        SetAssignment.parse("instance_cont=2").applyTo(unknown);
        assertThatThrownBy(() -> SpecReader.create().deployment(unknown))
                .hasMessageStartingWith("instance_cont: unknown key");
        ObjectNode good = tree("{\"name\":\"blue\"}");
        SetAssignment.parse("instance_count=3").applyTo(good);
        assertThat(SpecReader.create().deployment(good)).extracting(DeploymentSpec::instanceCount).isEqualTo(3);
    }
}
