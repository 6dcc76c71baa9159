import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * The floor of a JVM gateway on this machine, for bench/ only: what nginx does in the split suites (TLS, a key
 * check, 50/50 over two upstreams, keep-alive connections to them) written straight on Netty, with the transport
 * and TLS library Sluice's gateway uses, and nothing else: no metrics, limits, timeouts, retries, streaming or
 * error answers beyond a 401. Its CPU per request against nginx's says how much of the gap between Sluice's
 * gateway and nginx a JVM proxy could close at all.
 *
 * <p>Usage: {@code java -cp 'LIB/*' BareNettyProxy.java PORT CERT_PEM|- KEY_PEM|- KEY1 KEY2 URL_A URL_B}
 * ({@code -} for plain HTTP)
 */
public final class BareNettyProxy {

    private static final AttributeKey<Channel> CALLER = AttributeKey.valueOf("caller");
    private static final AttributeKey<String> NAME = AttributeKey.valueOf("deployment");

    private final Set<String> keys;
    private final InetSocketAddress[] upstreams;
    private final String[] names = {"blue", "green"};
    private final Bootstrap client;
    // Each event loop keeps its own idle upstream connections, so no request hops between loops or takes a lock.
    private final FastThreadLocal<ArrayDeque<Channel>[]> idle = new FastThreadLocal<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected ArrayDeque<Channel>[] initialValue() {
            return new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>()};
        }
    };
    private final FastThreadLocal<int[]> turn = new FastThreadLocal<>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    private BareNettyProxy(Set<String> keys, InetSocketAddress[] upstreams) {
        this.keys = keys;
        this.upstreams = upstreams;
        this.client = new Bootstrap().channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new UpstreamHandler());
                    }
                });
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SslContext tls = "-".equals(args[1]) ? null
                : SslContextBuilder.forServer(new File(args[1]), new File(args[2])).sslProvider(SslProvider.OPENSSL)
                        .build();
        InetSocketAddress[] upstreams = {address(args[5]), address(args[6])};
        BareNettyProxy proxy = new BareNettyProxy(Set.of("Bearer " + args[3], "Bearer " + args[4]), upstreams);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                EpollIoHandler.newFactory());
        proxy.client.group(loops);
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                proxy.new CallerHandler());
                    }
                })
                .bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }

    private static InetSocketAddress address(String url) {
        URI uri = URI.create(url);
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    private final class CallerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!keys.contains(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                FullHttpResponse denied = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.UNAUTHORIZED, Unpooled.EMPTY_BUFFER);
                denied.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(denied);
                return;
            }
            int[] next = turn.get();
            int which = next[0];
            next[0] = 1 - which;
            FullHttpRequest forward = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/score",
                    request.content().retain());
            forward.headers().set(HttpHeaderNames.HOST, "localhost")
                    .set(HttpHeaderNames.CONTENT_TYPE, request.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, forward.content().readableBytes());
            Channel caller = ctx.channel();
            Channel upstream = idle.get()[which].pollLast();
            if (upstream != null) {
                send(upstream, caller, forward);
                return;
            }
            client.clone(caller.eventLoop()).connect(upstreams[which]).addListener(done -> {
                if (done.isSuccess()) {
                    Channel fresh = ((io.netty.channel.ChannelFuture) done).channel();
                    fresh.attr(NAME).set(names[which]);
                    send(fresh, caller, forward);
                } else {
                    forward.release();
                    caller.close();
                }
            });
        }
    }

    private static void send(Channel upstream, Channel caller, FullHttpRequest forward) {
        upstream.attr(CALLER).set(caller);
        upstream.writeAndFlush(forward);
    }

    private final class UpstreamHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Channel upstream = ctx.channel();
            Channel caller = upstream.attr(CALLER).getAndSet(null);
            String name = upstream.attr(NAME).get();
            idle.get()["blue".equals(name) ? 0 : 1].addLast(upstream);
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                    response.content().retain());
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, out.content().readableBytes())
                    .set("azureml-model-deployment", name);
            caller.writeAndFlush(out);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ArrayDeque<Channel>[] pools = idle.get();
            pools[0].remove(ctx.channel());
            pools[1].remove(ctx.channel());
        }
    }
}
