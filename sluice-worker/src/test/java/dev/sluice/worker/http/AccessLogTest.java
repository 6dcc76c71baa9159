package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void oneLineWithMethodPathStatusMillisAndId() {
        assertThat(AccessLog.line("POST", "/score", 200, 12, "abc-1")).isEqualTo("ACCESS POST /score 200 12ms abc-1");
    }

    @Test
    void aMissingIdIsADash() {
        assertThat(AccessLog.line("GET", "/", 404, 0, null)).isEqualTo("ACCESS GET / 404 0ms -");
        assertThat(AccessLog.line("GET", "/", 404, 0, "")).isEqualTo("ACCESS GET / 404 0ms -");
    }

    @Test
    void aCallersIdCannotSplitTheLine() {
        assertThat(AccessLog.line("GET", "/", 200, 1, "a b\tc")).isEqualTo("ACCESS GET / 200 1ms a_b_c");
        assertThat(AccessLog.line("GET", "/", 200, 1, "x".repeat(500))).hasSize("ACCESS GET / 200 1ms ".length() + 200);
    }
}
