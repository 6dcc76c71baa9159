package dev.sluice.gateway.testkit;

import dev.sluice.core.routing.AtomicRoutingTable;
import dev.sluice.core.routing.EndpointRoute;
import dev.sluice.core.routing.RoutingSnapshot;
import dev.sluice.gateway.Gateway;
import dev.sluice.gateway.GatewayOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A started gateway on a free loopback port with its routing table, a Prometheus registry, fake workers and
 * a client. Close it after each test, or start it through {@link GatewayTests}, which does.
 */
public final class GatewayFixture implements AutoCloseable {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)} ([0-9.eE+-]+)$");

    private final Vertx vertx;
    private final AtomicRoutingTable table = AtomicRoutingTable.create();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<FakeWorker> workers = new ArrayList<>();
    private final Gateway gateway;
    private final int port;
    private final HttpClientAgent client;
    private final Context context;
    private final List<String> demanded = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long version;
    private boolean closed;

    private GatewayFixture(Vertx vertx, GatewayOptions options, HttpClientOptions clientOptions) throws Exception {
        this.vertx = vertx;
        this.gateway = Gateway.create(vertx, options, table, registry,
                (endpoint, deployment) -> demanded.add(endpoint + "/" + deployment));
        this.port = await(gateway.start());
        this.client = vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(32));
        this.context = vertx.getOrCreateContext();
    }

    public static GatewayFixture start(Vertx vertx) throws Exception {
        return start(vertx, o -> o);
    }

    public static GatewayFixture start(Vertx vertx, UnaryOperator<GatewayOptions> customize) throws Exception {
        return start(vertx, customize, new HttpClientOptions());
    }

    public static GatewayFixture start(Vertx vertx, UnaryOperator<GatewayOptions> customize,
                                       HttpClientOptions clientOptions) throws Exception {
        GatewayOptions options = customize.apply(GatewayOptions.of("127.0.0.1", 0).withServerInstances(2));
        return new GatewayFixture(vertx, options, clientOptions.setKeepAlive(true));
    }

    public FakeWorker worker(String name) throws Exception {
        FakeWorker worker = FakeWorker.start(vertx, name);
        workers.add(worker);
        return worker;
    }

    /** Publishes a new snapshot with exactly these endpoints. */
    public void publish(EndpointRoute... endpoints) {
        Map<String, EndpointRoute> map = new HashMap<>();
        for (EndpointRoute e : endpoints) {
            map.put(e.name(), e);
        }
        table.publish(new RoutingSnapshot(++version, map));
    }

    /** Every "a request waits for this deployment" the gateway told the autoscaler, as endpoint/deployment. */
    public List<String> demanded() {
        return demanded;
    }

    public Gateway gateway() {
        return gateway;
    }

    public int port() {
        return port;
    }

    public Vertx vertx() {
        return vertx;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A request to the gateway, with the primary key unless told otherwise. */
    public Request post(String uri) {
        return new Request(HttpMethod.POST, uri);
    }

    public Request get(String uri) {
        return new Request(HttpMethod.GET, uri);
    }

    /** The value of one Prometheus sample whose labels include all of {@code labels}, or 0 when absent. */
    public double metric(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : registry.scrape().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches() && m.group(1).equals(name) && hasLabels(m.group(2), labels)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** Waits until the sample reaches {@code expected}: the gateway counts a request once its answer is out. */
    public void awaitMetric(String name, Map<String, String> labels, double expected) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Assertions.assertThat(metric(name, labels)).as(name + labels).isEqualTo(expected));
    }

    private static boolean hasLabels(String text, Map<String, String> labels) {
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!text.contains(l.getKey() + "=\"" + l.getValue() + "\"")) {
                return false;
            }
        }
        return true;
    }

    /** Stops the gateway as a server shutdown does; the fixture's close() is still safe afterwards. */
    public Future<Void> stopGateway() {
        return gateway.stop();
    }

    /** Closing again does nothing: a test may close its gateway itself before {@link GatewayTests} does. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        await(gateway.stop());
        for (FakeWorker w : workers) {
            w.close();
        }
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** A request being built; {@link #send()} blocks for the answer, {@link #sendAsync()} does not. */
    public final class Request {
        private final RequestOptions options;
        private final MultiMap headers = HttpHeaders.headers();
        private Buffer body;
        private List<Buffer> chunks;

        private Request(HttpMethod method, String uri) {
            this.options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + Routes.PRIMARY_KEY);
        }

        public Request header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Request noAuthorization() {
            headers.remove(HttpHeaders.AUTHORIZATION);
            return this;
        }

        public Request key(String key) {
            return header(HttpHeaders.AUTHORIZATION.toString(), "Bearer " + key);
        }

        public Request body(String text) {
            return body(Buffer.buffer(text));
        }

        public Request body(Buffer bytes) {
            body = bytes;
            return this;
        }

        /** Sends the body with Transfer-Encoding: chunked, one chunk per buffer. */
        public Request chunked(List<Buffer> parts) {
            chunks = parts;
            return this;
        }

        public Request authority(String host) {
            headers.set(HttpHeaders.HOST, host);
            return this;
        }

        public Answer send() throws Exception {
            return await(sendAsync());
        }

        public Future<Answer> sendAsync() {
            // On an event loop, so that reading the answer's body is set up before any of it can arrive.
            Promise<Answer> answer = Promise.promise();
            context.runOnContext(v -> client.request(options).compose(this::write).compose(response -> response.body()
                    .map(b -> new Answer(response.statusCode(), response.headers(), b.toString())))
                    .onComplete(answer));
            return answer.future();
        }

        private Future<io.vertx.core.http.HttpClientResponse> write(HttpClientRequest request) {
            String host = headers.get(HttpHeaders.HOST);
            if (host != null) {
                request.authority(io.vertx.core.net.HostAndPort.parseAuthority(host, port));
            }
            headers.forEach(h -> {
                if (!h.getKey().equalsIgnoreCase("host")) {
                    request.putHeader(h.getKey(), h.getValue());
                }
            });
            if (chunks != null) {
                request.setChunked(true);
                chunks.forEach(request::write);
                request.end();
                return request.response();
            }
            return body == null ? request.send() : request.send(body);
        }
    }
}
