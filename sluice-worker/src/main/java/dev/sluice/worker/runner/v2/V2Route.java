package dev.sluice.worker.runner.v2;

import java.util.Optional;

/**
 * Which Open Inference Protocol route a method and path name, parsed without any model at hand.
 * {@code POST /score} is Azure's scoring path; for a triton_model it takes a v2 infer body for the only model.
 * Empty segments count for nothing ({@code //v2//models/m/infer/} is {@code /v2/models/m/infer}).
 *
 * @param kind    the route
 * @param model   the model name in the path, or "" for server-wide routes
 * @param version the version in the path ({@code /versions/{v}/…}), or empty for the latest
 * @param allowed for {@link Kind#WRONG_METHOD}, the method the path takes
 */
public record V2Route(Kind kind, String model, Optional<String> version, String allowed) {

    /** The routes a triton_model worker answers. */
    public enum Kind {
        SERVER_METADATA, SERVER_LIVE, SERVER_READY, MODEL_METADATA, MODEL_READY, INFER, SCORE, UNKNOWN_PATH, WRONG_METHOD
    }

    /** The most segments a route has: {@code v2/models/{m}/versions/{v}/infer}. */
    private static final int MAX_SEGMENTS = 6;
    private static final V2Route UNKNOWN = of(Kind.UNKNOWN_PATH);
    private static final V2Route SCORE = of(Kind.SCORE);
    private static final V2Route SERVER_METADATA = of(Kind.SERVER_METADATA);
    private static final V2Route SERVER_LIVE = of(Kind.SERVER_LIVE);
    private static final V2Route SERVER_READY = of(Kind.SERVER_READY);

    /** Parsed on every request, so without splitting the path: only the model name and version become strings. */
    public static V2Route parse(String method, String path) {
        Segments s = new Segments(path);
        if (s.count == 1 && s.is(0, "score")) {
            return expect("POST", method, SCORE);
        }
        if (s.count == 0 || s.count > MAX_SEGMENTS || !s.is(0, "v2")) {
            return UNKNOWN;
        }
        if (s.count == 1) {
            return expect("GET", method, SERVER_METADATA);
        }
        if (s.count == 3 && s.is(1, "health") && s.is(2, "live")) {
            return expect("GET", method, SERVER_LIVE);
        }
        if (s.count == 3 && s.is(1, "health") && s.is(2, "ready")) {
            return expect("GET", method, SERVER_READY);
        }
        if (s.count < 3 || !s.is(1, "models")) {
            return UNKNOWN;
        }
        return modelRoute(method, s);
    }

    /** {@code v2/models/{m}}, then optionally {@code versions/{v}}, then nothing, {@code ready} or {@code infer}. */
    private static V2Route modelRoute(String method, Segments s) {
        Optional<String> version = Optional.empty();
        int tail = 3;
        if (s.count - tail >= 2 && s.is(tail, "versions")) {
            version = Optional.of(s.get(tail + 1));
            tail += 2;
        }
        int left = s.count - tail;
        if (left == 0) {
            return expect("GET", method, new V2Route(Kind.MODEL_METADATA, s.get(2), version, ""));
        }
        if (left == 1 && s.is(tail, "ready")) {
            return expect("GET", method, new V2Route(Kind.MODEL_READY, s.get(2), version, ""));
        }
        if (left == 1 && s.is(tail, "infer")) {
            return expect("POST", method, new V2Route(Kind.INFER, s.get(2), version, ""));
        }
        return UNKNOWN;
    }

    /** A server-wide route, which names no model. */
    private static V2Route of(Kind kind) {
        return new V2Route(kind, "", Optional.empty(), "");
    }

    private static V2Route expect(String allowed, String method, V2Route route) {
        return allowed.equals(method) ? route : new V2Route(Kind.WRONG_METHOD, route.model, route.version, allowed);
    }

    /**
     * Where the non-empty segments of a path start and end. Counting stops after {@code MAX_SEGMENTS + 1}: a
     * path with more names no route.
     */
    private static final class Segments {
        private final String path;
        private final int[] bounds = new int[2 * (MAX_SEGMENTS + 1)];
        private int count;

        Segments(String path) {
            this.path = path;
            int at = 0;
            int length = path.length();
            while (at < length && count <= MAX_SEGMENTS) {
                if (path.charAt(at) == '/') {
                    at++;
                    continue;
                }
                int end = path.indexOf('/', at);
                end = end < 0 ? length : end;
                bounds[2 * count] = at;
                bounds[2 * count + 1] = end;
                count++;
                at = end;
            }
        }

        boolean is(int index, String word) {
            int start = bounds[2 * index];
            return bounds[2 * index + 1] - start == word.length() && path.startsWith(word, start);
        }

        String get(int index) {
            return path.substring(bounds[2 * index], bounds[2 * index + 1]);
        }
    }
}
