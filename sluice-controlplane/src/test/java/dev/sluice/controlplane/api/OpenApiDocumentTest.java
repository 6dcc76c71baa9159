package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps openapi.json true: the router's routes and the document's operations are the same set. */
class OpenApiDocumentTest extends ApiTestBase {

    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    @Test
    void documentAndRouterDescribeTheSameRoutes() {
        ApiClient.Answer answer = client.get("/api/v1/openapi.json");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
        assertThat(document.path("openapi").asText()).matches("3\\.0\\.\\d+");

        assertThat(documented(document)).isEqualTo(routed()).isNotEmpty();
    }

    @Test
    void everyOperationAnswersSomethingAndPathParametersAreDeclared() {
        JsonNode paths = client.get("/api/v1/openapi.json").json().path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (OPERATIONS.contains(op.getKey())) {
                    String name = op.getKey() + " " + path.getKey();
                    assertThat(op.getValue().path("responses").size()).as(name).isPositive();
                    assertThat(op.getValue().path("responses").has("401")).as(name).isTrue();
                }
            }
            int templated = path.getKey().split("\\{", -1).length - 1;
            assertThat(path.getValue().path("parameters").size()).as(path.getKey()).isEqualTo(templated);
        }
    }

    private static Set<String> documented(JsonNode document) {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (OPERATIONS.contains(op.getKey())) {
                    out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }

    private Set<String> routed() {
        Set<String> out = new TreeSet<>();
        for (Route route : api.router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            for (HttpMethod method : route.methods()) {
                out.add(method.name() + " " + path);
            }
        }
        return out;
    }
}
