package dev.sluice.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionSpecTest {

    @Test
    void pipOperators() {
        assertThat(VersionSpec.matches("==1.2.2", "1.2.2")).isTrue();
        assertThat(VersionSpec.matches("==1.2.2", "1.2.1")).isFalse();
        assertThat(VersionSpec.matches("==1.2", "1.2.0")).isTrue();
        assertThat(VersionSpec.matches("==1.2.*", "1.2.9")).isTrue();
        assertThat(VersionSpec.matches(">=1.0,<2", "1.24.2")).isTrue();
        assertThat(VersionSpec.matches(">=1.0,<2", "2.0.1")).isFalse();
        assertThat(VersionSpec.matches("!=1.3", "1.3.0")).isFalse();
        assertThat(VersionSpec.matches("~=1.4.2", "1.4.9")).isTrue();
        assertThat(VersionSpec.matches("~=1.4.2", "1.5.0")).isFalse();
        assertThat(VersionSpec.matches("===1.0", "1.0")).isTrue();
        assertThat(VersionSpec.matches("", "anything")).isTrue();
    }

    @Test
    void condaEqualsMeansThatReleaseOrOneInsideIt() {
        assertThat(VersionSpec.matches("=1.23", "1.23.5")).isTrue();
        assertThat(VersionSpec.matches("=1.23.5", "1.23.5")).isTrue();
        assertThat(VersionSpec.matches("=1.23.5", "1.24.2")).isFalse();
        assertThat(VersionSpec.matches("=3.9", "3.11.2")).isFalse();
        assertThat(VersionSpec.matches("=3.11", "3.11.2")).isTrue();
        assertThat(VersionSpec.matches("1.2|1.3", "1.3.1")).isTrue();
    }

    @Test
    void preReleasesComeBeforeTheirReleaseAndPostReleasesAfter() {
        assertThat(VersionSpec.compare("1.0rc1", "1.0")).isNegative();
        assertThat(VersionSpec.compare("1.0.dev0", "1.0rc1")).isNegative();
        assertThat(VersionSpec.compare("1.0.post1", "1.0")).isPositive();
        assertThat(VersionSpec.compare("1.10", "1.9")).isPositive();
        assertThat(VersionSpec.compare("2.0.0", "2")).isZero();
    }
}
