package dev.sluice.scoring;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the endpoint received it, after the gateway removed the endpoint prefix from the path.
 *
 * @param method  the HTTP method, upper case
 * @param path    the path below the endpoint, such as {@code /score}
 * @param query   query parameters (first value of each)
 * @param headers request headers, names in lower case
 * @param body    the raw body
 */
public record ScoringRequest(String method, String path, Map<String, String> query,
                             Map<String, List<String>> headers, byte[] body) {

    public ScoringRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The body decoded as UTF-8, which is what Azure's {@code run(raw_data)} receives. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, looked up without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
