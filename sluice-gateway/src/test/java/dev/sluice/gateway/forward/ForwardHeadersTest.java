package dev.sluice.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ForwardHeadersTest {

    @Test
    void requestsLoseHopByHopHeadersCredentialsHostAndExpect() {
        HttpHeaders caller = new DefaultHttpHeaders()
                .add("Host", "gw:7443").add("Authorization", "Bearer k").add("Content-Type", "application/json")
                .add("Content-Length", "12").add("Connection", "keep-alive, X-Trace-Hop").add("X-Trace-Hop", "1")
                .add("Keep-Alive", "timeout=5").add("TE", "trailers").add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c").add("Proxy-Authorization", "Basic x").add("Expect", "100-continue")
                .add("x-request-id", "from-caller").add("Accept", "a").add("Accept", "b");
        HttpHeaders worker = new DefaultHttpHeaders();
        ForwardHeaders.toWorker(caller, worker, "rid-1");
        assertThat(worker.names()).containsExactlyInAnyOrder("Content-Type", "Content-Length", "Accept",
                "x-request-id");
        assertThat(worker.getAll("accept")).containsExactly("a", "b");
        assertThat(worker.get("x-request-id")).isEqualTo("rid-1");
    }

    @Test
    void answersLoseHopByHopHeadersAndTheWorkersErrorMarker() {
        HttpHeaders worker = new DefaultHttpHeaders()
                .add("content-type", "application/json").add("content-length", "2")
                .add("connection", "keep-alive").add("keep-alive", "timeout=60").add("x-sluice-error", "TooManyRequests")
                .add("X-Sluice-Queue-Wait-Us", "120").add("x-sluicer", "kept")
                .add("x-ms-run-fn-exec-ms", "3");
        HttpHeaders caller = new DefaultHttpHeaders();
        ForwardHeaders.toCaller(worker, caller);
        assertThat(caller.names()).containsExactlyInAnyOrder("content-type", "content-length", "x-ms-run-fn-exec-ms", "x-sluicer");
    }

    @Test
    void hopByHopNamesAreRecognisedInAnyCase() {
        for (String name : new String[]{"TE", "Trailer", "UPGRADE", "Connection", "keep-alive", "Proxy-Connection",
                "transfer-encoding", "Proxy-Authenticate", "proxy-authorization"}) {
            assertThat(ForwardHeaders.isHopByHop(name)).as(name).isTrue();
        }
        for (String name : new String[]{"tx", "content-type", "connections", "x-request-id", "trailers"}) {
            assertThat(ForwardHeaders.isHopByHop(name)).as(name).isFalse();
        }
    }
}
