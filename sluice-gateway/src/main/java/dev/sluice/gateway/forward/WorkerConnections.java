package dev.sluice.gateway.forward;

import dev.sluice.core.routing.InstanceRoute;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.transport.Transport;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One event loop's keep-alive connections to workers, on their Unix socket when they have one: plain Netty
 * channels with an HTTP/1.1 codec, on the loop and transport of the Vert.x server that takes the callers'
 * requests. Vert.x's HTTP client spent about 7% of the gateway's CPU in its own methods, for a pool lookup and
 * the objects it makes per request (README, "Performance", runs 9 and 10). Used only on its event loop; no limit
 * on connections, as the deployments' in-flight limits bound them.
 */
public final class WorkerConnections {

    /** Workers are on loopback: a connect that takes longer than this is not coming. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Idle connections older than this are closed: workers time none out, and one may get no more requests. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    /** The worker's answer head may be as large as the caller's (the gateway's own limit). */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_INITIAL_LINE_BYTES = 4096;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final EventLoop loop;
    private final Transport transport;
    private final LongSupplier nanoTime;
    private final Map<String, ArrayDeque<WorkerChannel>> idle = new HashMap<>();
    private final ScheduledFuture<?> pruning;
    private boolean closed;

    private WorkerConnections(EventLoop loop, Transport transport, LongSupplier nanoTime) {
        this.loop = loop;
        this.transport = transport;
        this.nanoTime = nanoTime;
        long period = KEEP_ALIVE.toMillis();
        this.pruning = loop.scheduleAtFixedRate(this::pruneIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Connections for the event loop of the calling Vert.x context (a verticle's start). */
    public static WorkerConnections forCurrentLoop(Vertx vertx) {
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        return of(context.nettyEventLoop(), ((VertxInternal) vertx).transport(), System::nanoTime);
    }

    /** @param nanoTime the clock idle times are measured with: the loop's own, so a test's loop can move it */
    static WorkerConnections of(EventLoop loop, Transport transport, LongSupplier nanoTime) {
        return new WorkerConnections(loop, transport, nanoTime);
    }

    /**
     * Runs {@code action} on this loop after {@code millis}, unless the returned future is cancelled first: the
     * loop's own timer, without Vert.x's timer map and wrappers (server CPU per request 40 → 38 µs at 16
     * connections, `bench/compare.sh --model`, 4 rounds).
     */
    ScheduledFuture<?> schedule(Runnable action, long millis) {
        return loop.schedule(action, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * An idle connection to the instance, or a new one, handed to {@code then} on this loop; or why there is none.
     * A failure here means nothing was sent, which is what makes a retry on another instance safe.
     */
    void open(InstanceRoute instance, BiConsumer<WorkerChannel, Throwable> then) {
        String key = instance.socket() != null ? instance.socket() : instance.host() + ":" + instance.port();
        WorkerChannel pooled = takeIdle(key);
        if (pooled != null) {
            then.accept(pooled, null);
            return;
        }
        connect(instance, key).addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                then.accept(done.channel().pipeline().get(WorkerChannel.class), null);
            } else {
                then.accept(null, done.cause());
            }
        });
    }

    private ChannelFuture connect(InstanceRoute instance, String key) {
        boolean unix = instance.socket() != null;
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(transport.channelFactory(unix))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(
                                new HttpClientCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES),
                                new WorkerChannel(WorkerConnections.this, key));
                    }
                });
        if (unix) {
            return bootstrap.connect(transport.convert(SocketAddress.domainSocketAddress(instance.socket())));
        }
        return bootstrap.option(ChannelOption.TCP_NODELAY, true)
                .connect(new InetSocketAddress(instance.host(), instance.port()));
    }

    /** The most recently used idle connection; the oldest ones are closed once past the keep-alive time. */
    private WorkerChannel takeIdle(String key) {
        ArrayDeque<WorkerChannel> channels = idle.get(key);
        if (channels == null) {
            return null;
        }
        closeStale(channels, nanoTime.getAsLong() - KEEP_ALIVE.toNanos());
        WorkerChannel channel = channels.pollLast();
        while (channel != null && !channel.isOpen()) {
            channel = channels.pollLast();
        }
        return channel;
    }

    /** Idle connections are closed after the keep-alive time even when their worker gets no more requests. */
    private void pruneIdle() {
        long stale = nanoTime.getAsLong() - KEEP_ALIVE.toNanos();
        idle.values().removeIf(channels -> {
            closeStale(channels, stale);
            return channels.isEmpty();
        });
    }

    /** Closes the connections at the head of the queue (the longest idle) that have been idle since before stale. */
    private static void closeStale(ArrayDeque<WorkerChannel> channels, long stale) {
        while (!channels.isEmpty() && channels.peekFirst().idleSince() - stale < 0) {
            channels.pollFirst().close();
        }
    }

    /** A connection whose exchange is over (or never began), open and reusable, back among the idle ones. */
    void giveBack(WorkerChannel channel) {
        if (closed || !channel.isOpen()) {
            channel.close();
            return;
        }
        channel.markIdle(nanoTime.getAsLong());
        idle.computeIfAbsent(channel.key(), k -> new ArrayDeque<>()).addLast(channel);
    }

    void forget(WorkerChannel channel) {
        ArrayDeque<WorkerChannel> channels = idle.get(channel.key());
        if (channels != null) {
            channels.remove(channel);
        }
    }

    /** Closes the idle connections, and each busy one when its exchange ends. */
    public void close() {
        loop.execute(() -> {
            closed = true;
            pruning.cancel(false);
            List<WorkerChannel> all = new ArrayList<>();
            idle.values().forEach(all::addAll);
            idle.clear();
            all.forEach(WorkerChannel::close);
        });
    }

    /**
     * True when the instance refused (or never accepted) the connection: nothing reached it. A Unix socket
     * whose file is gone (its worker stopped and removed it) reads as a {@link FileNotFoundException}.
     */
    public static boolean isRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof FileNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
