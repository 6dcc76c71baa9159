package dev.sluice.core.error;

import java.util.Objects;

/**
 * The one exception type that crosses layers. The message is meant for the user: it names the thing,
 * the value and what was expected, and never contains a credential.
 */
public final class SluiceException extends RuntimeException {

    private final ErrorCode code;
    private final String target;

    private SluiceException(ErrorCode code, String message, String target, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.target = target;
    }

    public static SluiceException of(ErrorCode code, String message) {
        return new SluiceException(code, message, null, null);
    }

    /** With a target: the field or resource that the error is about, shown as {@code error.target}. */
    public static SluiceException of(ErrorCode code, String message, String target) {
        return new SluiceException(code, message, target, null);
    }

    public static SluiceException wrap(ErrorCode code, String message, Throwable cause) {
        return new SluiceException(code, message, null, cause);
    }

    public static SluiceException badArgument(String field, Object value, String expected) {
        return of(ErrorCode.BAD_ARGUMENT, field + ": " + value + " (expected: " + expected + ")", field);
    }

    public static SluiceException notFound(String what) {
        return of(ErrorCode.NOT_FOUND, what + " does not exist");
    }

    public ErrorCode code() {
        return code;
    }

    /** The field or resource the error is about, or null. */
    public String target() {
        return target;
    }

    /** The same error with a prefix such as the file name that the bad value came from. */
    public SluiceException prefixed(String prefix) {
        return new SluiceException(code, prefix + ": " + getMessage(), target, this);
    }
}
