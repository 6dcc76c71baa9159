package dev.sluice.core.autoscale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.core.spec.WireValue;

/** Azure Monitor's {@code metricTrigger.operator}: how the observed value is compared with the threshold. */
public enum ComparisonOperator implements WireValue {
    EQUALS("Equals", "="),
    NOT_EQUALS("NotEquals", "≠"),
    GREATER_THAN("GreaterThan", ">"),
    GREATER_THAN_OR_EQUAL("GreaterThanOrEqual", "≥"),
    LESS_THAN("LessThan", "<"),
    LESS_THAN_OR_EQUAL("LessThanOrEqual", "≤");

    private final String wire;
    private final String symbol;

    ComparisonOperator(String wire, String symbol) {
        this.wire = wire;
        this.symbol = symbol;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** The mathematical sign, for readable rule texts. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code value} compares to {@code threshold} as this operator asks (Equals is exact, as Azure's). */
    public boolean test(double value, double threshold) {
        int order = Double.compare(value, threshold);
        return switch (this) {
            case EQUALS -> order == 0;
            case NOT_EQUALS -> order != 0;
            case GREATER_THAN -> order > 0;
            case GREATER_THAN_OR_EQUAL -> order >= 0;
            case LESS_THAN -> order < 0;
            case LESS_THAN_OR_EQUAL -> order <= 0;
        };
    }
}
