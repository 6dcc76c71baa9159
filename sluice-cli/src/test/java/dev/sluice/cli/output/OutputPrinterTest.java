package dev.sluice.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class OutputPrinterTest {

    private final ObjectMapper json = new ObjectMapper();

    private static final String ENDPOINT = "{\"name\":\"my-endpoint\",\"auth_mode\":\"key\",\"traffic\":{\"blue\":90,"
            + "\"green\":10},\"mirror_traffic\":{},\"provisioning_state\":\"Succeeded\",\"tags\":{}}";
    private static final String DEPLOYMENT = "{\"name\":\"blue\",\"endpoint_name\":\"my-endpoint\",\"instance_count\":3,"
            + "\"provisioning_state\":\"Updating\",\"reason\":\"\",\"instances\":[{\"id\":\"blue-1\",\"state\":\"Ready\"},"
            + "{\"id\":\"blue-2\",\"state\":\"Starting\"},{\"id\":\"blue-3\",\"state\":\"Ready\"}]}";

    @Test
    void jsonIsPrettyWithAzStyleSpacing() throws Exception {
        String text = OutputPrinter.render(json.readTree(ENDPOINT), ResourceKind.ENDPOINT, OutputFormat.JSON);
        assertThat(text).isEqualTo("""
                {
                  "name": "my-endpoint",
                  "auth_mode": "key",
                  "traffic": {
                    "blue": 90,
                    "green": 10
                  },
                  "mirror_traffic": {},
                  "provisioning_state": "Succeeded",
                  "tags": {}
                }
                """);
        assertThat(json.readTree(text)).isEqualTo(json.readTree(ENDPOINT));
    }

    @Test
    void jsonListsAreArrays() throws Exception {
        String text = OutputPrinter.render(json.readTree("[]"), ResourceKind.ENDPOINT, OutputFormat.JSON);
        assertThat(text).isEqualTo("[]\n");
        String two = OutputPrinter.render(json.readTree("[{\"a\":1},{\"a\":2}]"), ResourceKind.OTHER, OutputFormat.JSON);
        assertThat(json.readTree(two)).hasSize(2);
    }

    @Test
    void yamlReadsBackAsTheSameDocument() throws Exception {
        JsonNode document = json.readTree(DEPLOYMENT);
        String text = OutputPrinter.render(document, ResourceKind.DEPLOYMENT, OutputFormat.YAML);
        assertThat(text).startsWith("name: blue\n").doesNotStartWith("---");
        assertThat(new YAMLMapper().readTree(text)).isEqualTo(document);
    }

    @Test
    void endpointTableShowsStateAndTraffic() throws Exception {
        String text = OutputPrinter.render(json.readTree("[" + ENDPOINT + "]"), ResourceKind.ENDPOINT, OutputFormat.TABLE);
        assertThat(text).isEqualTo("""
                NAME         AUTH MODE  STATE      TRAFFIC           MIRROR
                my-endpoint  key        Succeeded  blue=90 green=10  -
                """);
    }

    @Test
    void deploymentTableShowsReadyInstances() throws Exception {
        String failed = DEPLOYMENT.replace("\"Updating\",\"reason\":\"\"",
                "\"Failed\",\"reason\":\"instance blue-2 exited with code 3\\nTraceback...\"");
        String text = OutputPrinter.render(json.readTree("[" + DEPLOYMENT + "," + failed + "]"),
                ResourceKind.DEPLOYMENT, OutputFormat.TABLE);
        assertThat(text).isEqualTo("""
                NAME  ENDPOINT     STATE     READY  REASON
                blue  my-endpoint  Updating  2/3
                blue  my-endpoint  Failed    2/3    instance blue-2 exited with code 3
                """);
    }

    @Test
    void otherDocumentsAreKeyValueRows() throws Exception {
        String text = OutputPrinter.render(json.readTree("{\"version\":\"0.1.0\",\"apiUrl\":\"https://localhost:7070\"}"),
                ResourceKind.OTHER, OutputFormat.TABLE);
        assertThat(text).isEqualTo("""
                KEY      VALUE
                version  0.1.0
                apiUrl   https://localhost:7070
                """);
    }

    @Test
    void outputFormatParsing() {
        assertThat(OutputFormat.parse("TABLE")).isEqualTo(OutputFormat.TABLE);
        assertThat(OutputFormat.parse("yaml")).isEqualTo(OutputFormat.YAML);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFormat.parse("xml"))
                .hasMessage("xml (expected: json | yaml | table | tsv | none)");
        assertThat(OutputFormat.parse("jsonc")).isEqualTo(OutputFormat.JSON);
        assertThat(OutputPrinter.tsv(new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode()
                .add("blue").add(3))).isEqualTo("blue\n3\n");
    }
}
