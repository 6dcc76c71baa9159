package dev.sluice.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "my-endpoint", "A1b", "blue-2", "x-y-z", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void acceptsAzureNames(String name) {
        assertThat(Names.isValid(name)).isTrue();
        assertThat(Names.require("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a", "1abc", "-abc", "abc-", "my_endpoint", "my.endpoint", "my endpoint", "ünï",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abc\n"})
    void rejectsOthers(String name) {
        assertThat(Names.isValid(name)).isFalse();
        Expect.badArgument(() -> Names.require("endpoint_name", name),
                "endpoint_name: " + name + " (expected: " + Names.RULE + ")");
    }

    @Test
    void missingNameSaysSo() {
        assertThat(Names.isValid(null)).isFalse();
        Expect.badArgument(() -> Names.require("name", null), "name: (missing) (expected: " + Names.RULE + ")");
        Expect.badArgument(() -> Names.require("name", "  "), "name: (missing) (expected: " + Names.RULE + ")");
    }
}
