package dev.sluice.gateway.route;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.routing.EndpointRoute;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSelectorTest {

    private final DeploymentSelector selector = new DeploymentSelector();

    @Test
    void headerPicksADeploymentEvenWithoutTraffic() {
        EndpointRoute ep = endpoint("ep", traffic("blue", 100, "green", 0), null, deployment("blue"), deployment("green"));
        Selection s = selector.select(ep, "green");
        assertThat(s.deployment().name()).isEqualTo("green");
        assertThat(s.routedBy()).isEqualTo(RoutedBy.HEADER);
    }

    @Test
    void unknownHeaderDeploymentIsNotFoundAndListsTheDeployments() {
        EndpointRoute ep = endpoint("ep", traffic("blue", 100), null, deployment("green"), deployment("blue"));
        assertThatThrownBy(() -> selector.select(ep, "red"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("deployment 'red' (header azureml-model-deployment) does not exist in endpoint 'ep' "
                        + "(deployments: blue, green)")
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void scheduleSplitsExactly() {
        EndpointRoute ep = endpoint("ep", traffic("blue", 70, "green", 30), null, deployment("blue"), deployment("green"));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            Selection s = selector.select(ep, null);
            assertThat(s.routedBy()).isEqualTo(RoutedBy.TRAFFIC);
            counts.merge(s.deployment().name(), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("blue", 700).containsEntry("green", 300);
    }

    @Test
    void noTrafficIsNotFound() {
        EndpointRoute ep = endpoint("ep", traffic("blue", 0), null, deployment("blue"));
        assertThatThrownBy(() -> selector.select(ep, ""))
                .hasMessageContaining("endpoint 'ep': no deployment has traffic")
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
