package dev.sluice.gateway.testkit;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/** A response as the test client received it. */
public record Answer(int status, MultiMap headers, String body) {

    public String header(String name) {
        return headers.get(name);
    }

    public JsonObject json() {
        return new JsonObject(body);
    }

    /** The fake worker that answered, from its JSON body. */
    public String worker() {
        return json().getString("worker");
    }

    public String errorCode() {
        return json().getJsonObject("error").getString("code");
    }

    public String errorMessage() {
        return json().getJsonObject("error").getString("message");
    }
}
