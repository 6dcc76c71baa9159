package dev.sluice.controlplane.api;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each instance's cold start (process start to Ready, in milliseconds), read from the Ready events that the
 * controller records as {@code <time> <instance> Ready: ready after <ms> ms}: the events already carry the
 * measurement, so no record in the store needs another field. The latest start of an instance counts (a restart
 * starts it cold again). An instance adopted from an earlier server has none: its process started long before.
 * Neither has one whose Ready event has fallen off the bounded event list.
 */
final class ColdStarts {

    private static final Pattern EVENT = Pattern.compile("^\\S+ (\\S+) (\\w+)(?:: (.*))?$");
    private static final Pattern READY_AFTER = Pattern.compile("^ready after (\\d+) ms$");

    private ColdStarts() {
    }

    static Map<String, Long> fromEvents(List<String> events) {
        Map<String, Long> byInstance = new HashMap<>();
        Set<String> adopted = new HashSet<>();
        for (String event : events) {
            Matcher m = EVENT.matcher(event);
            if (!m.matches()) {
                continue;
            }
            String instance = m.group(1);
            switch (m.group(2)) {
                case "Started", "Restarted" -> {
                    adopted.remove(instance);
                    byInstance.remove(instance);
                }
                case "Adopted" -> {
                    adopted.add(instance);
                    byInstance.remove(instance);
                }
                case "Ready" -> {
                    Matcher ready = READY_AFTER.matcher(m.group(3) == null ? "" : m.group(3));
                    if (ready.matches() && !adopted.contains(instance)) {
                        byInstance.put(instance, Long.parseLong(ready.group(1)));
                    }
                }
                default -> {
                }
            }
        }
        return byInstance;
    }
}
