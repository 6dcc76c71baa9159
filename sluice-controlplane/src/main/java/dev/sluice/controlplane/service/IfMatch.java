package dev.sluice.controlplane.service;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code If-Match} precondition of a change (RFC 9110 §13.1.1): none, {@code *} (any current version), or a
 * list of entity tags of which the resource's current one must be one. Tags compare strongly, so a weak tag
 * ({@code W/"…"}) never matches. A change whose precondition fails is refused with PRECONDITION_FAILED (412).
 */
public final class IfMatch {

    /** No header: the change applies to whatever is current (last writer wins). */
    public static final IfMatch NONE = new IfMatch(false, List.of());

    private final boolean any;
    private final List<String> tags;

    private IfMatch(boolean any, List<String> tags) {
        this.any = any;
        this.tags = List.copyOf(tags);
    }

    /** @param header the header's value, or null when the request has none */
    public static IfMatch parse(String header) {
        if (header == null) {
            return NONE;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.trim();
            boolean weak = tag.startsWith("W/");
            String quoted = weak ? tag.substring(2) : tag;
            if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"'
                    || quoted.indexOf('"', 1) != quoted.length() - 1) {
                throw SluiceException.badArgument("If-Match", header,
                        "* or entity tags as the ETag header gives them, such as \"3f2a9c…\"");
            }
            if (!weak) {
                tags.add(quoted);
            }
        }
        return new IfMatch(false, tags);
    }

    /**
     * @param current the resource's ETag now
     * @param what    the resource, for the message ("endpoint my-endpoint")
     * @throws SluiceException PRECONDITION_FAILED when the precondition does not hold
     */
    void require(String current, String what) {
        if (this == NONE || any || tags.contains(current)) {
            return;
        }
        throw SluiceException.of(ErrorCode.PRECONDITION_FAILED, what + " has changed since it was read (If-Match: "
                + String.join(", ", tags) + "; its ETag now: " + current + "); read it again and retry", "If-Match");
    }
}
