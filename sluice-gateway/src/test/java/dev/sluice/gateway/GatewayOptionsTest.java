package dev.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.SluiceException;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void defaults() {
        GatewayOptions o = GatewayOptions.of("127.0.0.1", 0);
        assertThat(o.maxRequestBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(o.mirrorQueueCapacity()).isEqualTo(128);
        assertThat(o.serverInstances()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(o.tls()).isEmpty();
        assertThat(o.domain()).isEmpty();
    }

    @Test
    void domainIsNormalised() {
        assertThat(GatewayOptions.of("h", 1).withDomain(".Example.COM").domain()).contains("example.com");
    }

    @Test
    void badValuesNameTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> GatewayOptions.of("h", 70000)).isInstanceOf(SluiceException.class)
                .hasMessage("gateway.port: 70000 (expected: 0..65535, 0 = any free port)");
        assertThatThrownBy(() -> GatewayOptions.of("h", 0).withMaxRequestBytes(0))
                .hasMessage("gateway.maxRequestBytes: 0 (expected: at least 1)");
        assertThatThrownBy(() -> GatewayOptions.of("h", 0).withServerInstances(0))
                .hasMessage("gateway.serverInstances: 0 (expected: at least 1)");
        assertThatThrownBy(() -> GatewayOptions.of("h", 0).withDomain("a/b"))
                .hasMessageStartingWith("gateway.domain: 'a/b'");
    }
}
