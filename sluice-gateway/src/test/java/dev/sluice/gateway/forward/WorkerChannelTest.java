package dev.sluice.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.routing.InstanceRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One worker connection on an in-memory channel: the state it goes back to the pool in, and how long it stays. */
class WorkerChannelTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final WorkerConnections pool = WorkerConnections.of(channel.eventLoop(), null,
            ((AbstractScheduledEventExecutor) channel.eventLoop()).ticker()::nanoTime);
    private final WorkerChannel worker = new WorkerChannel(pool, "127.0.0.1:1");

    WorkerChannelTest() {
        channel.pipeline().addLast(new HttpClientCodec(), worker);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    /** An answer paused for a slow caller on its last piece: the pooled connection must read again. */
    @Test
    void aConnectionPausedOnItsLastPieceReadsAgainWhenItIsReused() {
        boolean[] ended = new boolean[1];
        worker.send(request(), new Recorder() {
            @Override
            public void onContent(ByteBuf piece) {
                worker.pauseAnswer();
            }

            @Override
            public void onEnd() {
                ended[0] = true;
            }
        });
        answer(100_000);

        assertThat(ended[0]).isTrue();
        assertThat(reused()).isSameAs(worker);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    /** Idle connections to a worker that gets no more requests are closed all the same (it sets no idle timeout). */
    @Test
    void anIdleConnectionIsClosedAfterTheKeepAliveTimeWithoutAnotherRequest() {
        worker.send(request(), new Recorder());
        answer(2);
        channel.advanceTimeBy(29, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(32, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    private static DefaultFullHttpRequest request() {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/score");
    }

    /** The worker's answer arriving in one read: a 200 with a body of {@code length} bytes. */
    private void answer(int length) {
        ByteBuf answer = Unpooled.buffer();
        answer.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        answer.writeZero(length);
        channel.writeInbound(answer);
    }

    private WorkerChannel reused() {
        AtomicReference<WorkerChannel> next = new AtomicReference<>();
        pool.open(InstanceRoute.tcp("w", "127.0.0.1", 1), (reused, failure) -> next.set(reused));
        return next.get();
    }

    private static class Recorder implements WorkerAnswer {
        @Override
        public void onHead(HttpResponse head) {
        }

        @Override
        public void onContent(ByteBuf piece) {
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onFailure(Throwable cause) {
        }
    }
}
