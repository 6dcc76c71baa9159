package dev.sluice.worker.runner.v2;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which Open Inference Protocol route a method and path name, parsed without any model at hand.
 * {@code POST /score} is Azure's scoring path; for a triton_model it takes a v2 infer body for the only model.
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

    public static V2Route parse(String method, String path) {
        List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        if (s.equals(List.of("score"))) {
            return expect("POST", method, of(Kind.SCORE, "", Optional.empty()));
        }
        if (s.isEmpty() || !s.get(0).equals("v2")) {
            return of(Kind.UNKNOWN_PATH, "", Optional.empty());
        }
        if (s.size() == 1) {
            return expect("GET", method, of(Kind.SERVER_METADATA, "", Optional.empty()));
        }
        if (s.size() == 3 && s.get(1).equals("health") && s.get(2).equals("live")) {
            return expect("GET", method, of(Kind.SERVER_LIVE, "", Optional.empty()));
        }
        if (s.size() == 3 && s.get(1).equals("health") && s.get(2).equals("ready")) {
            return expect("GET", method, of(Kind.SERVER_READY, "", Optional.empty()));
        }
        if (s.size() < 3 || !s.get(1).equals("models")) {
            return of(Kind.UNKNOWN_PATH, "", Optional.empty());
        }
        return modelRoute(method, s.get(2), s.subList(3, s.size()));
    }

    private static V2Route modelRoute(String method, String model, List<String> rest) {
        Optional<String> version = Optional.empty();
        List<String> tail = rest;
        if (rest.size() >= 2 && rest.get(0).equals("versions")) {
            version = Optional.of(rest.get(1));
            tail = rest.subList(2, rest.size());
        }
        if (tail.isEmpty()) {
            return expect("GET", method, of(Kind.MODEL_METADATA, model, version));
        }
        if (tail.equals(List.of("ready"))) {
            return expect("GET", method, of(Kind.MODEL_READY, model, version));
        }
        if (tail.equals(List.of("infer"))) {
            return expect("POST", method, of(Kind.INFER, model, version));
        }
        return of(Kind.UNKNOWN_PATH, "", Optional.empty());
    }

    private static V2Route of(Kind kind, String model, Optional<String> version) {
        return new V2Route(kind, model, version, "");
    }

    private static V2Route expect(String allowed, String method, V2Route route) {
        return allowed.equals(method) ? route : new V2Route(Kind.WRONG_METHOD, route.model, route.version, allowed);
    }
}
