package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts on the SluiceException a validation throws: its code, its whole message and its target. */
final class Expect {

    private Expect() {
    }

    static void badArgument(ThrowingCallable call, String message) {
        fails(call, ErrorCode.BAD_ARGUMENT, message);
    }

    static void fails(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SluiceException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    static void target(ThrowingCallable call, String target) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SluiceException.class,
                e -> assertThat(e.target()).isEqualTo(target));
    }
}
