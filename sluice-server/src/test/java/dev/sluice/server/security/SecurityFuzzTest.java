package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.cli.client.TrustedCa;
import dev.sluice.core.spec.AuthMode;
import dev.sluice.core.spec.EndpointSpec;
import dev.sluice.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 12,000 seeded random inputs over real HTTPS: Authorization headers at the gateway (key and aml_token endpoints),
 * JSON and YAML bodies at the management API (endpoints, deployments, tokens, keys). None may get a 5xx, none may
 * echo a stack trace, and the server answers normally afterwards. The seed is printed with any failure, so a
 * failing case can be replayed.
 */
class SecurityFuzzTest {

    private static final long SEED = Long.getLong("sluice.fuzz.seed", 20261129L);
    private static final int HEADER_CASES = 6_000;
    private static final int JSON_CASES = 3_000;
    private static final int YAML_CASES = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @RegisterExtension
    static final RunningServer server = RunningServer.create();

    private static String validToken;
    private static HttpClient http;

    /** One generated request and what it was, for the failure message. */
    private record Case(int index, String kind, HttpRequest request, String input) {
    }

    @BeforeAll
    static void setUp() {
        server.client().createEndpoint(EndpointSpec.named("fuzz-key"));
        server.client().createEndpoint(EndpointSpec.named("fuzz-token").withAuthMode(AuthMode.AML_TOKEN));
        validToken = server.client().getToken("fuzz-token").path("accessToken").asText();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TrustedCa.sslContext(server.server().caCert())).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Test
    void noInputGetsA5xxOrAStackTrace() throws Exception {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < HEADER_CASES; i++) {
            cases.add(headerCase(cases.size(), random));
        }
        for (int i = 0; i < JSON_CASES + YAML_CASES; i++) {
            cases.add(bodyCase(cases.size(), random, i >= JSON_CASES));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10_000);

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        java.util.concurrent.ConcurrentHashMap<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (Case c : cases) {
            pool.execute(() -> send(c, failures, statuses, answered));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(answered).hasValue(cases.size());
        // The generator reaches every kind of answer, not only refusals at the door.
        assertThat(statuses.keySet()).as("statuses seen: " + statuses).contains(200, 201, 400, 401, 404, 409);
        assertThat(server.score("fuzz-token", server.client().getToken("fuzz-token").path("accessToken").asText(),
                "/score", "{}", Map.of()).statusCode()).as("still serving").isEqualTo(404);
    }

    private static void send(Case c, ConcurrentLinkedQueue<String> failures,
                             Map<Integer, AtomicInteger> statuses, AtomicInteger answered) {
        try {
            HttpResponse<String> answer = http.send(c.request(), HttpResponse.BodyHandlers.ofString());
            answered.incrementAndGet();
            statuses.computeIfAbsent(answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            String body = answer.body();
            if (answer.statusCode() >= 500 || body.contains("Exception") || body.contains("\tat ")) {
                failures.add("case " + c.index() + " (" + c.kind() + "): HTTP " + answer.statusCode() + " " + shorten(body)
                        + " for input " + shorten(c.input()));
            }
        } catch (Exception e) {
            failures.add("case " + c.index() + " (" + c.kind() + "): " + e + " for input " + shorten(c.input()));
        }
    }

    private static Case headerCase(int index, Random random) {
        String endpoint = random.nextBoolean() ? "fuzz-token" : "fuzz-key";
        String header = authorization(random);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server().info().gatewayUrl()
                        + "/endpoints/" + endpoint + "/score"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (header != null) {
            request.header("Authorization", header);
        }
        return new Case(index, "Authorization at " + endpoint, request.build(), String.valueOf(header));
    }

    /** Empty, odd schemes, random text, and mutations of a real token (parts swapped, altered, re-headed). */
    static String authorization(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> pick(random, "", "Bearer", "Bearer ", "bearer " + validToken, "Basic dXNlcjpwYXNz", "Token x");
            case 2 -> "Bearer " + printable(random, random.nextInt(200));
            case 3 -> "Bearer " + mutate(validToken, random);
            case 4 -> "Bearer " + reheaded(random);
            case 5 -> "Bearer " + String.join(".", shuffledParts(random));
            case 6 -> "Bearer " + "A".repeat(random.nextInt(30_000));
            case 7 -> "Bearer " + validToken + printable(random, 1 + random.nextInt(5));
            default -> printable(random, random.nextInt(50)) + " " + validToken;
        };
    }

    private static String reheaded(Random random) {
        String[] parts = validToken.split("\\.");
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.set("alg", randomValue(random, pick(random, "none", "HS256", "ES256", "RS256", "ES512", "", "nonE")));
        if (random.nextBoolean()) {
            header.set("kid", randomValue(random, printable(random, random.nextInt(20))));
        }
        if (random.nextInt(4) == 0) {
            header.put("crit", random.nextBoolean() ? "b64" : "x");
        }
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(
                header.toString().getBytes(StandardCharsets.UTF_8));
        return encoded + "." + parts[1] + (random.nextBoolean() ? "." + parts[2] : ".");
    }

    private static List<String> shuffledParts(Random random) {
        List<String> parts = new ArrayList<>(List.of(validToken.split("\\.")));
        java.util.Collections.shuffle(parts, random);
        if (random.nextBoolean()) {
            parts.add(parts.get(0));
        }
        return parts.subList(0, 1 + random.nextInt(parts.size()));
    }

    private static Case bodyCase(int index, Random random, boolean yaml) {
        String[] routes = {"POST /api/v1/endpoints", "PUT /api/v1/endpoints/fuzz-key",
                "POST /api/v1/endpoints/fuzz-key/deployments", "PUT /api/v1/endpoints/fuzz-key/deployments/blue",
                "POST /api/v1/tokens", "POST /api/v1/endpoints/fuzz-key/regenerateKeys"};
        String route = routes[random.nextInt(routes.length)];
        JsonNode tree = mutateTree(seed(route), random, 1 + random.nextInt(4));
        String body;
        try {
            body = yaml ? yamlText(tree, random) : jsonText(tree, random);
        } catch (Exception e) {
            body = printable(random, 30);
        }
        String[] methodAndPath = route.split(" ");
        String strict = random.nextInt(5) == 0 ? "?strict=true" : "";
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().info().apiUrl() + methodAndPath[1]
                        + strict))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + server.server().adminToken())
                .header("Content-Type", yaml ? "application/yaml" : "application/json")
                .method(methodAndPath[0], HttpRequest.BodyPublishers.ofString(body)).build();
        return new Case(index, (yaml ? "YAML " : "JSON ") + route, request, body);
    }

    /** A valid body for the route, to mutate. */
    private static JsonNode seed(String route) {
        try {
            if (route.contains("deployments")) {
                return JSON.readTree("{\"name\":\"blue\",\"endpoint_name\":\"fuzz-key\",\"model\":{\"path\":"
                        + "\"sha256:" + "0".repeat(64) + "\"},\"code_configuration\":{\"code\":\"sha256:" + "1".repeat(64)
                        + "\",\"scoring_script\":\"score.py\"},\"instance_count\":1,\"request_settings\":"
                        + "{\"request_timeout_ms\":1000},\"egress_public_network_access\":\"disabled\"}");
            }
            if (route.contains("tokens")) {
                return JSON.readTree("{\"role\":\"reader\",\"name\":\"fuzz\"}");
            }
            if (route.contains("regenerateKeys")) {
                return JSON.readTree("{\"keyType\":\"secondary\"}");
            }
            return JSON.readTree("{\"name\":\"fuzz-key\",\"auth_mode\":\"key\",\"traffic\":{},\"public_network_access\":"
                    + "\"enabled\",\"identity\":{\"type\":\"system_assigned\"},\"sluice\":{\"max_rps\":100}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode mutateTree(JsonNode tree, Random random, int mutations) {
        JsonNode out = tree.deepCopy();
        for (int i = 0; i < mutations; i++) {
            if (!(out instanceof ObjectNode object) || random.nextInt(20) == 0) {
                return randomValue(random, "x");
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String field = names.isEmpty() || random.nextInt(4) == 0
                    ? pick(random, "auth_mode", "sluice", "identity", "traffic", "mirror_traffic", "unknown_key",
                    "$schema", "environment_variables", "scale_settings", "name", "role", "keyType", "")
                    : names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> object.remove(field);
                case 1 -> object.set(field, randomValue(random, printable(random, random.nextInt(40))));
                case 2 -> object.set(field, mutateTree(object.path(field).isObject() ? object.get(field)
                        : JsonNodeFactory.instance.objectNode(), random, 1));
                default -> object.set(field, deep(random.nextInt(200)));
            }
        }
        return out;
    }

    private static JsonNode randomValue(Random random, String text) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(10)) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(random.nextLong());
            case 2 -> f.numberNode(random.nextDouble() * 1e300);
            case 3 -> f.booleanNode(random.nextBoolean());
            case 4 -> f.arrayNode().add(text).add(random.nextInt());
            case 5 -> f.objectNode().put(text, random.nextInt(200) - 50);
            case 6 -> f.textNode(pick(random, "key", "aml_token", "aad_token", "disabled", "none", "reader", "admin",
                    "primary", "user_assigned", "-1", "1e99", "\u0000", "é", "../../etc/passwd"));
            case 7 -> f.numberNode(new java.math.BigInteger(130, random));
            default -> f.textNode(text);
        };
    }

    private static JsonNode deep(int depth) {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode current = root;
        for (int i = 0; i < depth; i++) {
            current = current.addArray();
        }
        return root;
    }

    private static String jsonText(JsonNode tree, Random random) throws Exception {
        String text = JSON.writeValueAsString(tree);
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1));
            case 1 -> text + printable(random, 3);
            case 2 -> text.replaceFirst("\"", "");
            case 3 -> "{\"a\":1,\"a\":2," + text.substring(1);
            default -> text;
        };
    }

    private static String yamlText(JsonNode tree, Random random) throws Exception {
        String text = YAML.writeValueAsString(tree);
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1));
            case 1 -> text + "\n---\nname: second\n";
            case 2 -> "a: &x [1, 2]\nb: *x\nc: *nope\n" + text;
            case 3 -> "!!python/object:os.system {}\n";
            case 4 -> text.replace("  ", "\t");
            case 5 -> "lol: &a [\"x\",\"x\"]\nlol2: &b [*a,*a,*a,*a]\nlol3: &c [*b,*b,*b,*b]\nlol4: [*c,*c,*c,*c]\n";
            case 6 -> "name: fuzz\nname: twice\n";
            default -> text;
        };
    }

    private static String mutate(String token, Random random) {
        char[] chars = token.toCharArray();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(chars.length);
            chars[at] = (char) (0x21 + random.nextInt(0x5e));
        }
        String mutated = new String(chars);
        return random.nextBoolean() ? mutated : mutated.substring(0, random.nextInt(mutated.length()));
    }

    /** Printable ASCII: what an HTTP header value may carry. */
    private static String printable(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return out.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
