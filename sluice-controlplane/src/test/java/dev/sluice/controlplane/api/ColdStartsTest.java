package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.testing.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartsTest {

    @Test
    void theLatestStartOfEachInstanceCountsAndAdoptedInstancesHaveNone() {
        Map<String, Long> coldStarts = ColdStarts.fromEvents(List.of(
                "2026-11-29T07:00:00Z blue-1 Started: pid 10",
                "2026-11-29T07:00:01.200Z blue-1 Ready: ready after 1200 ms",
                "2026-11-29T07:00:02Z blue-1 Unready: 30 readiness checks failed",
                "2026-11-29T07:00:03Z blue-1 Ready: readiness check passed again",
                "2026-11-29T07:01:00Z blue-2 Started: pid 11",
                "2026-11-29T07:01:02Z blue-2 Ready: ready after 2000 ms",
                "2026-11-29T07:02:00Z blue-2 Restarted: pid 12",
                "2026-11-29T07:02:00Z blue-3 Adopted: pid 13",
                "2026-11-29T07:02:01Z blue-3 Ready: ready after 86400000 ms",
                "not an event"));

        assertThat(coldStarts).containsExactlyEntriesOf(Map.of("blue-1", 1200L));
    }

    @Test
    void deploymentJsonShowsEachInstancesColdStart() {
        ResourceJson json = new ResourceJson(new ObjectMapper(), SpecReader.create(), "https://localhost:7443");
        Deployment deployment = Samples.deployment("my-endpoint", "blue");
        List<InstanceRecord> instances = List.of(
                new InstanceRecord("blue-1", "my-endpoint", "blue", 1, InstanceState.READY, 10, "", Instant.EPOCH, 0),
                new InstanceRecord("blue-2", "my-endpoint", "blue", 1, InstanceState.STARTING, 11, "", Instant.EPOCH, 0));

        JsonNode shown = json.deployment(deployment, instances,
                List.of("2026-11-29T07:00:01Z blue-1 Ready: ready after 850 ms"));

        assertThat(shown.at("/instances/0/coldStartMs").asLong()).isEqualTo(850);
        assertThat(shown.at("/instances/1/coldStartMs").isNull()).isTrue();
    }
}
