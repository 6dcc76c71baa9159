package dev.sluice.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservedPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/.sluice/ready", "/.sluice/live?x=1", "/.sluice", "//.sluice/ready", "/./.sluice/ready",
            "/a/../.sluice/ready", "/../.sluice/ready", "/%2esluice/ready", "/%2Esluice/ready", "/%2e%73luice/live",
            "/x/..%2f.sluice/ready", "\\.sluice\\ready", "/%zz"})
    void refusesWhatMayReachTheWorkersOwnRoutes(String uri) {
        assertThat(ReservedPaths.isReserved(uri)).as(uri).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/score", "/score?path=/.sluice/ready", "/v2/models/m/infer", "/a/.sluice/ready",
            "/.well-known/x", "/sluice/ready", "/%20score", "/..sluice/x"})
    void letsOrdinaryPathsThrough(String uri) {
        assertThat(ReservedPaths.isReserved(uri)).as(uri).isFalse();
    }

    @Test
    void aDotSegmentAfterTheQueryDoesNotCount() {
        assertThat(ReservedPaths.isReserved("/score?/.sluice/ready")).isFalse();
    }
}
