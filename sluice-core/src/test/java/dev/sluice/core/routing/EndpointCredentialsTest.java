package dev.sluice.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointCredentialsTest {

    private static final String PRIMARY = "Zk3xvB1yq0W9pQmL5nR7tU2sA8cD4eF6";
    private static final String SECONDARY = "hG7jK2lM9nB4vC1xZ8qW3eR6tY5uI0oP";

    @Test
    void primaryAndSecondaryMatch() {
        EndpointCredentials credentials = EndpointCredentials.ofKeys(PRIMARY, SECONDARY);
        assertThat(credentials.matches(PRIMARY)).isTrue();
        assertThat(credentials.matches(SECONDARY)).isTrue();
        assertThat(credentials.matches(new String(PRIMARY.toCharArray()))).isTrue();
    }

    @Test
    void othersAndNullDoNotMatch() {
        EndpointCredentials credentials = EndpointCredentials.ofKeys(PRIMARY, SECONDARY);
        assertThat(credentials.matches(null)).isFalse();
        assertThat(credentials.matches("")).isFalse();
        assertThat(credentials.matches(PRIMARY.substring(1))).isFalse();
        assertThat(credentials.matches(PRIMARY + " ")).isFalse();
        assertThat(credentials.matches(PRIMARY.toLowerCase())).isFalse();
        assertThat(credentials.matches("Bearer " + PRIMARY)).isFalse();
        assertThat(EndpointCredentials.ofKeys().matches(PRIMARY)).isFalse();
    }

    @Test
    void toStringShowsNoKey() {
        String text = EndpointCredentials.ofKeys(PRIMARY, SECONDARY).toString();
        assertThat(text).doesNotContain(PRIMARY).doesNotContain(SECONDARY).doesNotContain(PRIMARY.substring(0, 8))
                .contains("2 keys");
    }
}
