package dev.sluice.core.error;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which HTTP status each {@link ErrorCode} is answered with at one HTTP edge: the codes' own
 * {@link ErrorCode#defaultStatus() defaults}, with the edge's overrides on top. Each edge declares its table
 * once ({@code ApiStatus}, {@code GatewayStatus}, {@code WorkerStatus}); nothing else maps codes to statuses.
 * Immutable: {@link #with} returns a new table.
 */
public final class StatusTable {

    private final int[] statuses;

    private StatusTable(int[] statuses) {
        this.statuses = statuses;
    }

    /** Every code at its default status. */
    public static StatusTable defaults() {
        ErrorCode[] codes = ErrorCode.values();
        int[] statuses = new int[codes.length];
        for (ErrorCode code : codes) {
            statuses[code.ordinal()] = code.defaultStatus();
        }
        return new StatusTable(statuses);
    }

    /** This table with {@code code} answered as {@code status}. */
    public StatusTable with(ErrorCode code, int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status of " + code + ": " + status + " (expected: 100..599)");
        }
        int[] copy = statuses.clone();
        copy[code.ordinal()] = status;
        return new StatusTable(copy);
    }

    public int status(ErrorCode code) {
        return statuses[code.ordinal()];
    }

    /** The whole table, for documentation and tests. */
    public Map<ErrorCode, Integer> asMap() {
        Map<ErrorCode, Integer> map = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            map.put(code, status(code));
        }
        return map;
    }
}
