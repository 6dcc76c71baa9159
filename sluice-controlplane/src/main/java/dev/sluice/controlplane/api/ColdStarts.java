package dev.sluice.controlplane.api;

import dev.sluice.core.model.InstanceEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each instance's cold start (process start to Ready, in milliseconds), as the Ready event after its latest
 * (re)start carries it. An instance adopted from an earlier server has none (its process started long before),
 * nor has one whose Ready event fell off the bounded event list.
 */
final class ColdStarts {

    private ColdStarts() {
    }

    static Map<String, Long> fromEvents(List<InstanceEvent> events) {
        Map<String, Long> byInstance = new HashMap<>();
        for (InstanceEvent event : events) {
            switch (event.kind()) {
                case STARTED, RESTARTED, ADOPTED -> byInstance.remove(event.subject());
                case READY -> {
                    if (event.coldStartMs() != null) {
                        byInstance.put(event.subject(), event.coldStartMs());
                    }
                }
                default -> {
                }
            }
        }
        return byInstance;
    }
}
