package dev.sluice.worker.runner.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.worker.runner.v2.V2Route.Kind;
import java.util.Optional;
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
}
