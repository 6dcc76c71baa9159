package dev.sluice.worker.runner.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.worker.runner.v2.V2Route.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class V2RouteTest {

    @Test
    void serverRoutes() {
        assertThat(V2Route.parse("GET", "/v2").kind()).isEqualTo(Kind.SERVER_METADATA);
        assertThat(V2Route.parse("GET", "/v2/health/live").kind()).isEqualTo(Kind.SERVER_LIVE);
        assertThat(V2Route.parse("GET", "/v2/health/ready").kind()).isEqualTo(Kind.SERVER_READY);
    }

    @Test
    void modelRoutesWithAndWithoutVersion() {
        assertThat(V2Route.parse("GET", "/v2/models/add")).isEqualTo(new V2Route(Kind.MODEL_METADATA, "add", Optional.empty(), ""));
        assertThat(V2Route.parse("GET", "/v2/models/add/versions/3"))
                .isEqualTo(new V2Route(Kind.MODEL_METADATA, "add", Optional.of("3"), ""));
        assertThat(V2Route.parse("GET", "/v2/models/add/ready").kind()).isEqualTo(Kind.MODEL_READY);
        assertThat(V2Route.parse("GET", "/v2/models/add/versions/1/ready"))
                .isEqualTo(new V2Route(Kind.MODEL_READY, "add", Optional.of("1"), ""));
        assertThat(V2Route.parse("POST", "/v2/models/add/infer"))
                .isEqualTo(new V2Route(Kind.INFER, "add", Optional.empty(), ""));
        assertThat(V2Route.parse("POST", "/v2/models/add/versions/2/infer"))
                .isEqualTo(new V2Route(Kind.INFER, "add", Optional.of("2"), ""));
    }

    @Test
    void scoreTakesPostOnly() {
        assertThat(V2Route.parse("POST", "/score").kind()).isEqualTo(Kind.SCORE);
        assertThat(V2Route.parse("GET", "/score")).isEqualTo(new V2Route(Kind.WRONG_METHOD, "", Optional.empty(), "POST"));
    }

    @Test
    void wrongMethodNamesTheRightOne() {
        assertThat(V2Route.parse("GET", "/v2/models/add/infer").allowed()).isEqualTo("POST");
        assertThat(V2Route.parse("POST", "/v2/models/add").allowed()).isEqualTo("GET");
    }

    @Test
    void unknownPaths() {
        for (String path : new String[] {"/", "/swagger.json", "/v3/models/a", "/v2/models", "/v2/models/a/explain",
                "/v2/health", "/v2/models/a/versions/1/x"}) {
            assertThat(V2Route.parse("GET", path).kind()).as(path).isEqualTo(Kind.UNKNOWN_PATH);
        }
    }

    @Test
    void emptySegmentsCountForNothing() {
        assertThat(V2Route.parse("POST", "//v2//models/m/infer"))
                .isEqualTo(new V2Route(Kind.INFER, "m", Optional.empty(), ""));
        assertThat(V2Route.parse("POST", "/v2/models/m/infer/"))
                .isEqualTo(new V2Route(Kind.INFER, "m", Optional.empty(), ""));
        assertThat(V2Route.parse("POST", "v2/models/m/versions//7/infer//"))
                .isEqualTo(new V2Route(Kind.INFER, "m", Optional.of("7"), ""));
        assertThat(V2Route.parse("POST", "//score/").kind()).isEqualTo(Kind.SCORE);
        assertThat(V2Route.parse("GET", "/v2/").kind()).isEqualTo(Kind.SERVER_METADATA);
        assertThat(V2Route.parse("GET", "").kind()).isEqualTo(Kind.UNKNOWN_PATH);
        assertThat(V2Route.parse("GET", "///").kind()).isEqualTo(Kind.UNKNOWN_PATH);
    }

    @Test
    void namesThatLookLikeRouteWords() {
        assertThat(V2Route.parse("GET", "/v2/models/versions/versions/ready/ready"))
                .isEqualTo(new V2Route(Kind.MODEL_READY, "versions", Optional.of("ready"), ""));
        assertThat(V2Route.parse("GET", "/v2/models/m/versions").kind()).isEqualTo(Kind.UNKNOWN_PATH);
        assertThat(V2Route.parse("POST", "/v2/models/m/versions/1/infer/x").kind()).isEqualTo(Kind.UNKNOWN_PATH);
        assertThat(V2Route.parse("POST", "/v2/models/m/inferx").kind()).isEqualTo(Kind.UNKNOWN_PATH);
        assertThat(V2Route.parse("POST", "/v2x/models/m/infer").kind()).isEqualTo(Kind.UNKNOWN_PATH);
        assertThat(V2Route.parse("POST", "/scores").kind()).isEqualTo(Kind.UNKNOWN_PATH);
    }

    /**
     * The parser scans the path instead of splitting it; it must name the same route as splitting on '/' and
     * dropping empty segments does, for every path made of route words, names and extra slashes.
     */
    @Test
    void sameRouteAsSplittingThePath() {
        String[] words = {"", "v2", "models", "m", "versions", "1", "infer", "ready", "health", "live", "score", "v"};
        List<String> paths = new ArrayList<>();
        collect(words, "", 0, 4, paths);
        Random random = new Random(13);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder path = new StringBuilder();
            int segments = 5 + random.nextInt(4);
            for (int k = 0; k < segments; k++) {
                path.append(random.nextInt(8) == 0 ? "//" : "/").append(words[random.nextInt(words.length)]);
            }
            paths.add(random.nextBoolean() ? path + "/" : path.toString());
        }
        for (String path : paths) {
            for (String method : new String[] {"GET", "POST"}) {
                assertThat(V2Route.parse(method, path)).as(method + " " + path).isEqualTo(bySplitting(method, path));
            }
        }
    }

    private static void collect(String[] words, String prefix, int depth, int maxDepth, List<String> out) {
        out.add(prefix);
        out.add(prefix + "/");
        if (depth == maxDepth) {
            return;
        }
        for (String word : words) {
            collect(words, prefix + "/" + word, depth + 1, maxDepth, out);
        }
    }

    /** The route as the first parser named it: split on '/', drop the empty segments, match the list. */
    private static V2Route bySplitting(String method, String path) {
        List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        V2Route unknown = new V2Route(Kind.UNKNOWN_PATH, "", Optional.empty(), "");
        if (s.equals(List.of("score"))) {
            return expect("POST", method, new V2Route(Kind.SCORE, "", Optional.empty(), ""));
        }
        if (s.isEmpty() || !s.get(0).equals("v2")) {
            return unknown;
        }
        if (s.size() == 1) {
            return expect("GET", method, new V2Route(Kind.SERVER_METADATA, "", Optional.empty(), ""));
        }
        if (s.equals(List.of("v2", "health", "live"))) {
            return expect("GET", method, new V2Route(Kind.SERVER_LIVE, "", Optional.empty(), ""));
        }
        if (s.equals(List.of("v2", "health", "ready"))) {
            return expect("GET", method, new V2Route(Kind.SERVER_READY, "", Optional.empty(), ""));
        }
        if (s.size() < 3 || !s.get(1).equals("models")) {
            return unknown;
        }
        List<String> rest = s.subList(3, s.size());
        Optional<String> version = Optional.empty();
        if (rest.size() >= 2 && rest.get(0).equals("versions")) {
            version = Optional.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return expect("GET", method, new V2Route(Kind.MODEL_METADATA, s.get(2), version, ""));
        }
        if (rest.equals(List.of("ready"))) {
            return expect("GET", method, new V2Route(Kind.MODEL_READY, s.get(2), version, ""));
        }
        if (rest.equals(List.of("infer"))) {
            return expect("POST", method, new V2Route(Kind.INFER, s.get(2), version, ""));
        }
        return unknown;
    }

    private static V2Route expect(String allowed, String method, V2Route route) {
        return allowed.equals(method) ? route : new V2Route(Kind.WRONG_METHOD, route.model(), route.version(), allowed);
    }
}
