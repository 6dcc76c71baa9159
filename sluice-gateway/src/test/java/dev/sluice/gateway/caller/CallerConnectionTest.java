package dev.sluice.gateway.caller;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One caller's connection on an in-memory channel, with the codec and the connection installed as the gateway
 * installs them before Vert.x's own socket handler: which requests are taken, when the connection closes.
 */
class CallerConnectionTest {

    private static Vertx vertx;
    private static ContextInternal context;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final SlowCaller slowCaller = new SlowCaller();
    private CallerConnection connection;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        context = (ContextInternal) vertx.getOrCreateContext();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void release() {
        slowCaller.releaseAll();
        channel.finishAndReleaseAll();
    }

    /**
     * A graceful shutdown closes a kept connection between requests, but its last answer may still be on its way
     * to a slow caller (in Netty's outbound buffer): closing then throws the rest away, and the caller gets a
     * truncated answer. Vert.x's close flushed what was written first.
     */
    @Test
    void aShutdownClosesAnIdleConnectionOnlyOnceItsLastAnswerIsWritten() {
        serve(request -> request.response().end(text("{\"ok\":true}")));
        channel.pipeline().addFirst(slowCaller);
        channel.writeInbound(text("GET /endpoints/ep/score HTTP/1.1\r\nHost: gw\r\n\r\n"));
        assertThat(slowCaller.waiting()).as("the answer, not yet taken by the caller").isNotEmpty();

        connection.shutdown();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("closed with its last answer still unwritten").isTrue();

        slowCaller.takeAll();
        channel.runPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 200 OK").endsWith("{\"ok\":true}");
        assertThat(channel.isOpen()).isFalse();
    }

    /** The same for an answer that ends its connection (Connection: close, HTTP/1.0, an error before the body). */
    @Test
    void aConnectionClosedByItsAnswerClosesOnlyOnceTheAnswerIsWritten() {
        serve(request -> request.response().end(text("{\"ok\":true}")));
        channel.pipeline().addFirst(slowCaller);
        channel.writeInbound(text("GET /endpoints/ep/score HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("closed with its answer still unwritten").isTrue();

        slowCaller.takeAll();
        channel.runPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 200 OK").contains("connection: close").endsWith("{\"ok\":true}");
        assertThat(channel.isOpen()).isFalse();
    }

    /**
     * After a malformed chunk Netty's decoder drops everything the caller sends: unless the connection closes (as
     * Vert.x closed it), the caller's next request on it waits, unanswered, for the idle timeout (330 s).
     */
    @Test
    void aMalformedChunkedBodyClosesTheConnection() {
        serve(request -> request.response().end(text("{}")));
        channel.writeInbound(text("POST /endpoints/ep/score HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\n"));
        channel.runPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 200 OK");

        assertThat(channel.isOpen()).as("open, but deaf to every later request").isFalse();
    }

    /** A body that fails is reported once to the scoring path, not again when its connection then closes. */
    @Test
    void aFailedBodyIsReportedOnce() {
        List<Throwable> failures = new ArrayList<>();
        serve(request -> request.exceptionHandler(failures::add).handler(piece -> { }));
        channel.writeInbound(text("POST /endpoints/ep/score HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\n"));
        channel.close();
        channel.runPendingTasks();

        assertThat(failures).hasSize(1);
    }

    /**
     * Once the answer that closes the connection is out, requests the caller sent after it are not the gateway's
     * to take: taking one forwards it to a worker although its answer can never reach the caller.
     */
    @Test
    void noRequestIsTakenAfterTheOneWhoseAnswerClosesTheConnection() {
        List<String> taken = new ArrayList<>();
        serve(request -> {
            taken.add(request.uri());
            request.response().end(text("{}"));
        });
        channel.writeInbound(text("GET /endpoints/ep/a HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n"
                + "GET /endpoints/ep/b HTTP/1.1\r\nHost: gw\r\n\r\n"));
        channel.runPendingTasks();

        assertThat(taken).containsExactly("/endpoints/ep/a");
    }

    /**
     * Pipelined requests wait behind a slow one; once it is answered, the others (here answered at once, as the
     * gateway's own refusals are) must each be taken and answered, however many one read brought (a 64 KiB read
     * holds about 3000 of the shortest), without one nested call per request.
     */
    @Test
    void manyPipelinedRequestsBehindASlowOneAreAllAnswered() {
        List<CallerRequest> slow = new ArrayList<>();
        int[] answered = new int[1];
        serve(request -> {
            if (request.uri().equals("/slow")) {
                slow.add(request);
            } else {
                answered[0]++;
                request.response().end(text("{}"));
            }
        });
        int pipelined = 3000;
        channel.writeInbound(text("GET /slow HTTP/1.1\r\n\r\n" + "GET /x HTTP/1.1\r\n\r\n".repeat(pipelined)));
        assertThat(slow).hasSize(1);

        slow.get(0).response().end(text("{}"));

        assertThat(answered[0]).isEqualTo(pipelined);
        assertThat(written().split("HTTP/1.1 200 OK", -1)).hasSize(pipelined + 2);
    }

    /** An absolute-form target names the host, whatever its query holds; the path and query are its own. */
    @Test
    void anAbsoluteFormTargetGivesItsHostPathAndQuery() {
        List<String> seen = new ArrayList<>();
        serve(request -> {
            seen.add(request.authorityHost());
            seen.add(request.path());
            seen.add(request.query());
            request.response().end(text("{}"));
        });
        channel.writeInbound(text("GET http://ep.sluice.test?x=/y HTTP/1.1\r\nHost: other\r\n\r\n"));
        channel.writeInbound(text("GET https://ep.sluice.test:8443/score/v1?a=b HTTP/1.1\r\nHost: other\r\n\r\n"));
        channel.writeInbound(text("GET /score HTTP/1.1\r\nHost: [::1]:7443\r\n\r\n"));
        assertThat(seen).containsExactly("ep.sluice.test", "/", "x=/y", "ep.sluice.test", "/score/v1", "a=b",
                "[::1]", "/score", null);
    }

    /** The idle timer watches reads only; when it fires, the connection closes. */
    @Test
    void aConnectionThatSendsNothingForItsIdleTimeoutIsClosed() {
        serve(request -> request.response().end(text("{\"ok\":true}")));
        channel.writeInbound(text("GET /endpoints/ep/score HTTP/1.1\r\nHost: gw\r\n\r\n"));
        assertThat(written()).startsWith("HTTP/1.1 200 OK");

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(channel.isOpen()).isFalse();
    }

    private void serve(Handler<CallerRequest> scoring) {
        channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter());
        connection = CallerConnection.install(channel.pipeline(), "handler", context,
                new CallerLimits(64 * 1024, Duration.ofSeconds(330)), scoring);
    }

    private String written() {
        StringBuilder text = new StringBuilder();
        ByteBuf piece;
        while ((piece = channel.readOutbound()) != null) {
            text.append(piece.toString(StandardCharsets.US_ASCII));
            piece.release();
        }
        return text.toString();
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /**
     * The socket end of the pipeline while the caller reads slowly: what is written waits (its promise not yet
     * complete, as in Netty's outbound buffer) until the caller takes it.
     */
    private static final class SlowCaller extends ChannelOutboundHandlerAdapter {
        private final List<Object> messages = new ArrayList<>();
        private final List<ChannelPromise> promises = new ArrayList<>();
        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            messages.add(message);
            promises.add(promise);
        }

        @Override
        public void flush(ChannelHandlerContext context) {
            // Nothing leaves until the caller reads.
        }

        List<Object> waiting() {
            return messages;
        }

        /** The caller reads: everything written so far goes out. */
        void takeAll() {
            List<Object> out = new ArrayList<>(messages);
            List<ChannelPromise> done = new ArrayList<>(promises);
            messages.clear();
            promises.clear();
            for (int i = 0; i < out.size(); i++) {
                ctx.write(out.get(i), done.get(i));
            }
            ctx.flush();
        }

        void releaseAll() {
            messages.forEach(ReferenceCountUtil::release);
            messages.clear();
            promises.clear();
        }
    }
}
