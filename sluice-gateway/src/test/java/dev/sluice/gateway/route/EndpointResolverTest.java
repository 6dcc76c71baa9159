package dev.sluice.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {

    private final EndpointResolver byPath = EndpointResolver.create(Optional.empty());
    private final EndpointResolver byHost = EndpointResolver.create(Optional.of("sluice.test"));

    @Test
    void pathNamesTheEndpointAndForwardsTheRestWithItsQuery() {
        assertThat(byPath.resolve(null, "/endpoints/my-ep/score")).isEqualTo(new Target("my-ep", "/score"));
        assertThat(byPath.resolve(null, "/endpoints/my-ep/v2/models/m/infer?x=1&y=2"))
                .isEqualTo(new Target("my-ep", "/v2/models/m/infer?x=1&y=2"));
        assertThat(byPath.resolve(null, "/endpoints/e1/swagger.json")).isEqualTo(new Target("e1", "/swagger.json"));
    }

    @Test
    void endpointAloneForwardsTheRoot() {
        assertThat(byPath.resolve(null, "/endpoints/my-ep")).isEqualTo(new Target("my-ep", "/"));
        assertThat(byPath.resolve(null, "/endpoints/my-ep/")).isEqualTo(new Target("my-ep", "/"));
        assertThat(byPath.resolve(null, "/endpoints/my-ep?a=b")).isEqualTo(new Target("my-ep", "/?a=b"));
    }

    @Test
    void pathsOutsideEndpointsNameNoEndpoint() {
        assertThat(byPath.resolve(null, "/score")).isNull();
        assertThat(byPath.resolve(null, "/endpoints")).isNull();
        assertThat(byPath.resolve(null, "/endpoints/")).isNull();
        assertThat(byPath.resolve(null, "/endpoints//score")).isNull();
        assertThat(byPath.resolve(null, "/endpointsx/e/score")).isNull();
    }

    @Test
    void pathRoutingIgnoresTheHostWithoutADomain() {
        assertThat(byPath.resolve("ep.sluice.test", "/score")).isNull();
    }

    @Test
    void hostUnderTheDomainNamesTheEndpointAndForwardsTheWholePath() {
        assertThat(byHost.resolve("my-ep.sluice.test", "/score?x=1")).isEqualTo(new Target("my-ep", "/score?x=1"));
        assertThat(byHost.resolve("My-Ep.SLUICE.test", "/")).isEqualTo(new Target("My-Ep", "/"));
        assertThat(byHost.resolve("my-ep.sluice.test", "/endpoints/other/score"))
                .isEqualTo(new Target("my-ep", "/endpoints/other/score"));
    }

    @Test
    void otherHostsFallBackToPathRouting() {
        assertThat(byHost.resolve("localhost", "/endpoints/e1/score")).isEqualTo(new Target("e1", "/score"));
        assertThat(byHost.resolve("sluice.test", "/endpoints/e1/score")).isEqualTo(new Target("e1", "/score"));
        assertThat(byHost.resolve("a.b.sluice.test", "/endpoints/e1/score")).isEqualTo(new Target("e1", "/score"));
        assertThat(byHost.resolve("evilsluice.test", "/score")).isNull();
        assertThat(byHost.resolve(null, "/score")).isNull();
    }
}
