package dev.sluice.worker.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's headers and query as {@link dev.sluice.scoring.ScoringRequest} takes them, built straight into
 * immutable maps (which the record then keeps as they are) rather than through a HashMap of ArrayLists that the
 * record copies again: this runs on every request.
 */
final class ScoringMaps {

    /** Past this many distinct names, looking a name up by scanning the ones so far costs more than hashing. */
    private static final int SCAN_LIMIT = 32;

    private ScoringMaps() {
    }

    /** Names in lower case; the values of a repeated header in the order they came. */
    static Map<String, List<String>> headers(Iterable<Map.Entry<String, String>> headers) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, List<String>>[] out = new Map.Entry[16];
        int size = 0;
        for (Map.Entry<String, String> header : headers) {
            if (size > SCAN_LIMIT) {
                return headersByHash(headers);
            }
            String name = header.getKey().toLowerCase(Locale.ROOT);
            int at = indexOf(out, size, name);
            if (at >= 0) {
                out[at] = Map.entry(name, append(out[at].getValue(), header.getValue()));
                continue;
            }
            if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
            }
            out[size++] = Map.entry(name, List.of(header.getValue()));
        }
        return size == 0 ? Map.of() : Map.ofEntries(size == out.length ? out : Arrays.copyOf(out, size));
    }

    /** For requests with very many headers: grouped through a hash map instead. */
    private static Map<String, List<String>> headersByHash(Iterable<Map.Entry<String, String>> headers) {
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            out.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(out);
    }

    private static int indexOf(Map.Entry<String, List<String>>[] entries, int size, String name) {
        for (int i = 0; i < size; i++) {
            if (entries[i].getKey().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> append(List<String> values, String value) {
        String[] more = values.toArray(new String[values.size() + 1]);
        more[values.size()] = value;
        return List.of(more);
    }

    /** The first value of each query parameter; no parsing at all when the URI has no query. */
    static Map<String, String> query(HttpServerRequest request) {
        String query = request.query();
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        request.params().forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
        return out;
    }
}
