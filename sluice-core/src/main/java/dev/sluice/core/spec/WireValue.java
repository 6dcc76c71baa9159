package dev.sluice.core.spec;

/** An enum whose YAML/JSON spelling differs from its Java name ({@code aml_token}, {@code Succeeded}). */
public interface WireValue {

    /** The spelling in YAML and JSON. */
    String wire();

    /** Finds the constant spelled {@code value}, or fails with the value and the allowed spellings. */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return constant;
            }
        }
        throw new UnexpectedValueException(value, allowed(type));
    }

    /** The allowed spellings, for error messages: {@code key | aml_token | aad_token}. */
    static <E extends Enum<E> & WireValue> String allowed(Class<E> type) {
        StringBuilder out = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (out.length() > 0) {
                out.append(" | ");
            }
            out.append(constant.wire());
        }
        return out.toString();
    }
}
