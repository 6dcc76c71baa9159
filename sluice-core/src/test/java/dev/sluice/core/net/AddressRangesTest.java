package dev.sluice.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.SluiceException;
import org.junit.jupiter.api.Test;

class AddressRangesTest {

    @Test
    void loopbackIsTheDefaultPrivateNetwork() {
        AddressRanges loopback = AddressRanges.parse("--private-networks", AddressRanges.LOOPBACK);
        assertThat(loopback.containsLiteral("127.0.0.1")).isTrue();
        assertThat(loopback.containsLiteral("127.255.1.2")).isTrue();
        assertThat(loopback.containsLiteral("::1")).isTrue();
        assertThat(loopback.containsLiteral("::ffff:127.0.0.1")).as("an IPv4-mapped address is its IPv4 one").isTrue();
        assertThat(loopback.containsLiteral("10.0.0.1")).isFalse();
        assertThat(loopback.containsLiteral("::2")).isFalse();
    }

    @Test
    void prefixesThatDoNotEndOnAByteBoundaryMatchExactly() {
        AddressRanges ranges = AddressRanges.parse("x", " 172.16.0.0/12 , fd00::/8,192.168.1.7");
        assertThat(ranges.containsLiteral("172.16.0.1")).isTrue();
        assertThat(ranges.containsLiteral("172.31.255.255")).isTrue();
        assertThat(ranges.containsLiteral("172.32.0.0")).isFalse();
        assertThat(ranges.containsLiteral("172.15.255.255")).isFalse();
        assertThat(ranges.containsLiteral("fd12::1")).isTrue();
        assertThat(ranges.containsLiteral("fe80::1")).isFalse();
        assertThat(ranges.containsLiteral("192.168.1.7")).isTrue();
        assertThat(ranges.containsLiteral("192.168.1.8")).isFalse();
        assertThat(ranges.containsLiteral("example.com")).as("never a name lookup").isFalse();
        assertThat(ranges.containsLiteral(null)).isFalse();
        assertThat(AddressRanges.parse("x", "0.0.0.0/0").containsLiteral("8.8.8.8")).isTrue();
    }

    @Test
    void badBlocksAreNamed() {
        assertThatThrownBy(() -> AddressRanges.parse("--private-networks", "10.0.0.0/33"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("--private-networks: '10.0.0.0/33' (expected: a prefix length 0..32)");
        assertThatThrownBy(() -> AddressRanges.parse("--private-networks", "intranet/8"))
                .hasMessage("--private-networks: 'intranet/8' (expected: an IP address with a prefix, such as 10.0.0.0/8)");
        assertThatThrownBy(() -> AddressRanges.parse("--private-networks", " , "))
                .hasMessage("--private-networks: ' , ' (expected: CIDR blocks such as 10.0.0.0/8,::1/128)");
    }
}
