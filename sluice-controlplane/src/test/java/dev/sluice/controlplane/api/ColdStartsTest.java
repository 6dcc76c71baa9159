package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.InstanceEvent;
import dev.sluice.core.model.InstanceEvent.Kind;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.spec.SpecReader;
import dev.sluice.core.testing.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartsTest {

    private static final Instant T = Instant.parse("2026-11-29T07:00:00Z");

    @Test
    void theLatestStartOfEachInstanceCountsAndAdoptedInstancesHaveNone() {
        Map<String, Long> coldStarts = ColdStarts.fromEvents(List.of(
                event("blue-1", Kind.STARTED, "pid 10"),
                new InstanceEvent(T, "blue-1", Kind.READY, "ready after 1200 ms", 1200L),
                event("blue-1", Kind.UNREADY, "30 readiness checks failed"),
                event("blue-1", Kind.READY, "readiness check passed again"),
                event("blue-2", Kind.STARTED, "pid 11"),
                new InstanceEvent(T, "blue-2", Kind.READY, "ready after 2000 ms", 2000L),
                event("blue-2", Kind.RESTARTED, "pid 12"),
                event("blue-3", Kind.ADOPTED, "pid 13"),
                event("blue-3", Kind.READY, "adopted worker answered")));

        assertThat(coldStarts).containsExactlyEntriesOf(Map.of("blue-1", 1200L));
    }

    @Test
    void deploymentJsonShowsEachInstancesColdStartAndEventLines() {
        ResourceJson json = new ResourceJson(new ObjectMapper(), SpecReader.create(), "https://localhost:7443",
                new SpecWarnings(java.util.Optional.empty()));
        Deployment deployment = Samples.deployment("my-endpoint", "blue");
        List<InstanceRecord> instances = List.of(
                new InstanceRecord("blue-1", "my-endpoint", "blue", 1, InstanceState.READY, 10, "", Instant.EPOCH, 0),
                new InstanceRecord("blue-2", "my-endpoint", "blue", 1, InstanceState.STARTING, 11, "", Instant.EPOCH, 0));

        JsonNode shown = json.deployment(deployment, instances, List.of(
                new InstanceEvent(Instant.parse("2026-11-29T07:00:01.200Z"), "blue-1", Kind.READY,
                        "ready after 850 ms", 850L),
                event("blue", Kind.SUCCEEDED, "")));

        assertThat(shown.at("/instances/0/coldStartMs").asLong()).isEqualTo(850);
        assertThat(shown.at("/instances/1/coldStartMs").isNull()).isTrue();
        assertThat(shown.at("/events/0").asText()).isEqualTo("2026-11-29T07:00:01.200Z blue-1 Ready: ready after 850 ms");
        assertThat(shown.at("/events/1").asText()).isEqualTo("2026-11-29T07:00:00Z blue Succeeded");
    }

    private static InstanceEvent event(String subject, Kind kind, String detail) {
        return InstanceEvent.of(T, subject, kind, detail);
    }
}
