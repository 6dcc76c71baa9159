package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.scoring.ScoringRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringMapsTest {

    @Test
    void namesInLowerCaseValuesAsSent() {
        MultiMap headers = HttpHeaders.headers()
                .add("Content-Type", "application/json")
                .add("X-Custom", "A Value")
                .add("host", "localhost");
        assertThat(ScoringMaps.headers(headers)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-type", List.of("application/json"),
                "x-custom", List.of("A Value"),
                "host", List.of("localhost")));
    }

    @Test
    void repeatedHeadersKeepEveryValueInOrderWhateverTheirCase() {
        MultiMap headers = HttpHeaders.headers()
                .add("Accept", "a")
                .add("X-Other", "x")
                .add("accept", "b")
                .add("ACCEPT", "c");
        Map<String, List<String>> out = ScoringMaps.headers(headers);
        assertThat(out).containsOnlyKeys("accept", "x-other");
        assertThat(out.get("accept")).containsExactly("a", "b", "c");
        ScoringRequest request = new ScoringRequest("GET", "/", Map.of(), out, new byte[0]);
        assertThat(request.header("Accept")).contains("a");
        assertThat(request.header("X-OTHER")).contains("x");
        assertThat(request.headers()).isSameAs(out);
    }

    @Test
    void noHeadersIsAnEmptyMap() {
        assertThat(ScoringMaps.headers(HttpHeaders.headers())).isEmpty();
    }

    @Test
    void theMapsCannotBeChanged() {
        Map<String, List<String>> out = ScoringMaps.headers(HttpHeaders.headers().add("A", "1").add("a", "2"));
        assertThatThrownBy(() -> out.put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> out.get("a").add("3")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Many headers, many repeated: the same as grouping them through a hash map (past the scan's limit too). */
    @Test
    void manyHeadersGroupLikeAHashMap() {
        for (int distinct : new int[] {1, 15, 16, 17, 32, 33, 34, 100}) {
            MultiMap headers = HttpHeaders.headers();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < distinct; i++) {
                    headers.add((round % 2 == 0 ? "X-H" : "x-h") + i, "v" + round + "-" + i);
                }
            }
            Map<String, List<String>> expected = new HashMap<>();
            headers.forEach(e -> expected.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
            assertThat(ScoringMaps.headers(headers)).as(distinct + " names").isEqualTo(expected);
        }
    }
}
