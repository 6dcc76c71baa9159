package dev.sluice.core.spec;

/**
 * Thrown while binding YAML/JSON when a value is not one of those allowed. The binder does not know the
 * field's path at that point; {@link SpecReader} adds it, so the user sees {@code auth_mode: foo (expected: key | aml_token)}.
 */
public final class UnexpectedValueException extends IllegalArgumentException {

    private final String value;
    private final String expected;

    public UnexpectedValueException(String value, String expected) {
        super(value + " (expected: " + expected + ")");
        this.value = value;
        this.expected = expected;
    }

    public String value() {
        return value;
    }

    public String expected() {
        return expected;
    }
}
