package dev.sluice.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SluiceExceptionTest {

    @Test
    void badArgumentNamesFieldValueAndExpectation() {
        SluiceException e = SluiceException.badArgument("traffic.blue", 120, "0..100");
        assertThat(e).hasMessage("traffic.blue: 120 (expected: 0..100)");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        assertThat(e.target()).isEqualTo("traffic.blue");
    }

    @Test
    void prefixedKeepsCodeAndTarget() {
        SluiceException e = SluiceException.badArgument("instance_count", 0, "1..50").prefixed("blue.yml");
        assertThat(e).hasMessage("blue.yml: instance_count: 0 (expected: 1..50)");
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
        assertThat(e.target()).isEqualTo("instance_count");
    }

    @Test
    void notFoundAndWrap() {
        assertThat(SluiceException.notFound("endpoint 'x'")).hasMessage("endpoint 'x' does not exist")
                .extracting(SluiceException::code).isEqualTo(ErrorCode.NOT_FOUND);
        IllegalStateException cause = new IllegalStateException("disk");
        SluiceException wrapped = SluiceException.wrap(ErrorCode.INTERNAL, "store: write failed", cause);
        assertThat(wrapped).hasMessage("store: write failed").hasCause(cause);
        assertThat(ErrorCode.NOT_FOUND.azureName()).isEqualTo("ResourceNotFound");
        assertThat(ErrorCode.BAD_ARGUMENT.azureName()).isEqualTo("BadArgument");
    }
}
