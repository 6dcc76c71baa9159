package dev.sluice.gateway;

import static dev.sluice.gateway.testkit.Routes.deployment;
import static dev.sluice.gateway.testkit.Routes.endpoint;
import static dev.sluice.gateway.testkit.Routes.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.gateway.testkit.FakeWorker;
import dev.sluice.gateway.testkit.GatewayFixture;
import dev.sluice.gateway.testkit.GatewayTests;
import dev.sluice.gateway.testkit.RawCaller;
import dev.sluice.gateway.testkit.RawHttp;
import dev.sluice.gateway.testkit.RawHttp.Reply;
import dev.sluice.gateway.testkit.Routes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callers' side of the gateway as HTTP/1.1 sees it on the wire: pipelining, keep-alive and closing, HTTP/1.0,
 * refused heads, HEAD, 100-continue, chunked bodies, bodies left unread, and stopping. Every caller is a raw socket
 * (one over TLS), so what the gateway writes and when it closes is seen as it is on the wire.
 */
class GatewayCallerConnectionsTest {

    private static final String SCORE = "POST /endpoints/ep/score HTTP/1.1";
    private static final String SCORE_HTTP_10 = "POST /endpoints/ep/score HTTP/1.0";
    private static final String CLIENT_ID = "x-ms-client-request-id";

    @RegisterExtension
    static final GatewayTests gateways = GatewayTests.create();

    private GatewayFixture gw;

    /** One event loop, endpoint "ep" with deployment "blue" on one worker that answers as told. */
    private FakeWorker serve(FakeWorker.Behaviour behaviour) throws Exception {
        gw = gateways.start(o -> o.withServerInstances(1).withMaxRequestBytes(1024 * 1024));
        return publishWorker(behaviour);
    }

    private FakeWorker publishWorker(FakeWorker.Behaviour behaviour) throws Exception {
        FakeWorker w = gw.worker("b1").behave(behaviour);
        gw.publish(endpoint("ep", traffic("blue", 100), null, deployment("blue", Duration.ofSeconds(5), 4, w.route())));
        return w;
    }

    private RawCaller connect() throws Exception {
        return RawCaller.connect(gw.port());
    }

    /** A request's head with Host and the primary key; {@code headers} are more lines, each ending in CRLF. */
    private static String head(String requestLine, String headers) {
        return requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + Routes.PRIMARY_KEY + "\r\n" + headers
                + "\r\n";
    }

    /** A whole request with a Content-Length body. */
    private static String request(String requestLine, String headers, String body) {
        return head(requestLine, headers + "Content-Length: " + body.length() + "\r\n") + body;
    }

    /** A scoring request the answer to which says whose it is: the gateway echoes x-ms-client-request-id. */
    private static String scoring(String clientId, String body) {
        return request(SCORE, CLIENT_ID + ": " + clientId + "\r\n", body);
    }

    private static String chunk(String piece) {
        return Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n";
    }

    /** Answers a body that asks to be slow after 300 ms, any other at once. */
    private static void slowWhenAsked(FakeWorker worker, HttpServerRequest request, Buffer body) {
        FakeWorker.Behaviour answer = body.toString().contains("slow")
                ? FakeWorker.delayed(Duration.ofMillis(300)) : FakeWorker::answerOk;
        answer.answer(worker, request, body);
    }

    /**
     * Answers HEAD as a server that knows the length of what a GET would get: Content-Length, no body (Vert.x
     * sends no length of its own for HEAD). Anything else as {@link FakeWorker#answerOk}.
     */
    private static void headWithLength(FakeWorker worker, HttpServerRequest request, Buffer body) {
        if (HttpMethod.HEAD.equals(request.method())) {
            request.response().putHeader("content-type", "application/json").putHeader("content-length", "42").end();
        } else {
            FakeWorker.answerOk(worker, request, body);
        }
    }

    /** 200 of unknown length: the worker sends its answer chunked, in these pieces. */
    private static FakeWorker.Behaviour chunkedAnswer(String... pieces) {
        return (worker, request, body) -> {
            HttpServerResponse response = request.response().setChunked(true)
                    .putHeader("content-type", "text/plain");
            for (String piece : pieces) {
                response.write(piece);
            }
            response.end();
        };
    }

    /** Numbered lines, so that a piece lost, doubled or out of place shows. */
    private static String rows(int count) {
        StringBuilder text = new StringBuilder(count * 12);
        for (int i = 0; i < count; i++) {
            text.append("row ").append(i).append('\n');
        }
        return text.toString();
    }

    private static int bodyLengthSeenByWorker(Reply answer) {
        return new JsonObject(answer.body()).getInteger("bodyLength");
    }

    private static String errorMessage(Reply answer) {
        return new JsonObject(answer.body()).getJsonObject("error").getString("message");
    }

    // ---- pipelining and keep-alive ----

    /** The first answer comes late, so answers in order are the gateway's doing, not the worker's speed. */
    @Test
    void twoPipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        FakeWorker w = serve(GatewayCallerConnectionsTest::slowWhenAsked);
        try (RawCaller caller = connect()) {
            caller.send(scoring("first", "{\"slow\":true}") + scoring("second", "{}"));
            Reply first = caller.reply();
            Reply second = caller.reply();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header(CLIENT_ID)).isEqualTo("first");
            assertThat(bodyLengthSeenByWorker(first)).isEqualTo("{\"slow\":true}".length());
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header(CLIENT_ID)).isEqualTo("second");
            assertThat(bodyLengthSeenByWorker(second)).isEqualTo(2);
        }
        assertThat(w.received()).isEqualTo(2);
    }

    /**
     * A body under 64 KiB is read whole before it is sent on. One of 40 KiB reaches the gateway in several pieces
     * (Netty's decoder hands on at most 8 KiB at a time), and must reach the worker whole and in order.
     */
    @Test
    void aSmallBodyThatArrivesInPiecesReachesTheWorkerWhole() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        String body = "{\"rows\":\"" + rows(4000).replace("\n", " ") + "\"}";
        try (RawCaller caller = connect()) {
            caller.send(scoring("pieces", body));
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(bodyLengthSeenByWorker(answer)).isEqualTo(body.length());
        }
        assertThat(body.length()).isBetween(32 * 1024, 64 * 1024);
        assertThat(w.last().body().toString()).isEqualTo(body);
    }

    @Test
    void manyPipelinedRequestsAreAllAnsweredInOrderOnTheirConnection() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            requests.append(scoring("r" + i, "{\"i\":" + i + "}"));
        }
        try (RawCaller caller = connect()) {
            caller.send(requests.toString());
            for (int i = 0; i < 20; i++) {
                Reply answer = caller.reply();
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.header(CLIENT_ID)).isEqualTo("r" + i);
            }
        }
        assertThat(w.received()).isEqualTo(20);
    }

    @Test
    void aRequestWithConnectionCloseIsAnsweredSoAndTheConnectionIsThenClosed() throws Exception {
        serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE, "Connection: close\r\n", "{}"));
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end()).isEqualTo("closed");
        }
    }

    /** A client that asked to close may not send more (RFC 9112 §9.6); if it does, the gateway must not act on it. */
    @Test
    void aRequestPipelinedAfterOneWithConnectionCloseIsNotForwarded() throws Exception {
        FakeWorker w = serve(GatewayCallerConnectionsTest::slowWhenAsked);
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE, "Connection: close\r\n", "{\"slow\":true}") + scoring("after-close", "{}"));
            assertThat(caller.reply().header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end()).isEqualTo("closed");
        }
        assertThat(w.received()).isEqualTo(1);
    }

    @Test
    void anHttp10RequestWithoutKeepAliveIsAnsweredInHttp10AndTheConnectionClosed() throws Exception {
        serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE_HTTP_10, "", "{}"));
            Reply answer = caller.reply();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(answer.header("connection")).isNotEqualToIgnoringCase("keep-alive");
            assertThat(bodyLengthSeenByWorker(answer)).isEqualTo(2);
            assertThat(caller.end()).isEqualTo("closed");
        }
    }

    @Test
    void anHttp10RequestWithKeepAliveKeepsTheConnectionForTheNextRequest() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE_HTTP_10, "Connection: keep-alive\r\n" + CLIENT_ID + ": one\r\n", "{}"));
            Reply first = caller.reply();
            assertThat(first.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(first.header("content-length")).isNotNull();

            caller.send(request(SCORE_HTTP_10, "Connection: keep-alive\r\n" + CLIENT_ID + ": two\r\n", "{}"));
            Reply second = caller.reply();
            assertThat(second.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(second.header(CLIENT_ID)).isEqualTo("two");
        }
        assertThat(w.received()).isEqualTo(2);
    }

    /** HTTP/1.0 has no chunked coding: an answer of unknown length can only be ended by closing. */
    @Test
    void anHttp10CallerGetsAnAnswerOfUnknownLengthEndedByTheClose() throws Exception {
        serve(chunkedAnswer("first piece, ", "second piece"));
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE_HTTP_10, "Connection: keep-alive\r\n", "{}"));
            Reply answer = caller.reply();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(answer.header("transfer-encoding")).isNull();
            assertThat(answer.header("content-length")).isNull();
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(answer.body()).as("read until the gateway closed").isEqualTo("first piece, second piece");
        }
    }

    /** The answer of unknown length streams through chunked while the next request waits its turn. */
    @Test
    void aLargeAnswerOfUnknownLengthArrivesWholeBeforeTheAnswerToTheRequestPipelinedBehindIt() throws Exception {
        String rows = rows(500_000);
        FakeWorker.Behaviour large = chunkedAnswer(rows.substring(0, 1_000_000), rows.substring(1_000_000));
        serve((worker, request, body) -> {
            if (body.toString().contains("large")) {
                large.answer(worker, request, body);
            } else {
                FakeWorker.answerOk(worker, request, body);
            }
        });
        try (RawCaller caller = connect()) {
            caller.send(scoring("large", "{\"large\":true}") + scoring("small", "{}"));
            Reply first = caller.reply();
            assertThat(first.header("transfer-encoding")).isEqualToIgnoringCase("chunked");
            assertThat(first.header(CLIENT_ID)).isEqualTo("large");
            assertThat(first.body().length()).isEqualTo(rows.length());
            assertThat(first.body()).isEqualTo(rows);
            Reply second = caller.reply();
            assertThat(second.header(CLIENT_ID)).isEqualTo("small");
            assertThat(bodyLengthSeenByWorker(second)).isEqualTo(2);
        }
    }

    // ---- heads the gateway refuses ----
    // The gateway closes with whatever the caller sent after the fault unread, so the kernel may reset the
    // connection instead of ending it: either way it is closed, and the answer came first.

    @Test
    void headersOverThe64KiBLimitAre431AndTheConnectionCloses() throws Exception {
        String refusal = refusedAndClosed(request(SCORE, "X-Large: " + "x".repeat(64 * 1024) + "\r\n", "{}"), 431);
        assertThat(refusal).contains("request headers are too large");
    }

    @Test
    void aMalformedRequestLineIs400AndTheConnectionCloses() throws Exception {
        String refusal = refusedAndClosed("\u00fe\u00ed\u00fa\u00ce garbage\r\n\r\n", 400);
        assertThat(refusal).startsWith("malformed HTTP request");
    }

    @Test
    void aRequestLineLongerThan4096BytesIs414AndTheConnectionCloses() throws Exception {
        refusedAndClosed(request("POST /endpoints/ep/score?pad=" + "p".repeat(4096) + " HTTP/1.1", "", "{}"), 414);
    }

    /**
     * Sends {@code request}, expects it refused with {@code status} and then the close; returns the message. The
     * refusal speaks HTTP/1.1, the gateway's own version (RFC 9110 §6.2): the caller's is unknown when its head
     * could not be parsed.
     */
    private String refusedAndClosed(String request, int status) throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        String message;
        try (RawCaller caller = connect()) {
            caller.send(request);
            Reply refused = caller.reply();
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.statusLine()).startsWith("HTTP/1.1 ");
            assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
            message = errorMessage(refused);
            assertThat(caller.end()).isIn("closed", "reset");
        }
        assertThat(w.received()).isZero();
        return message;
    }

    @Test
    void aMalformedRequestPipelinedAfterAGoodOneIsRefusedOnlyAfterTheGoodOneIsAnswered() throws Exception {
        FakeWorker w = serve(GatewayCallerConnectionsTest::slowWhenAsked);
        try (RawCaller caller = connect()) {
            caller.send(scoring("good", "{\"slow\":true}") + "\u00fe\u00ed\u00fa\u00ce garbage\r\n\r\n");
            Reply good = caller.reply();
            assertThat(good.status()).isEqualTo(200);
            assertThat(good.header(CLIENT_ID)).isEqualTo("good");
            assertThat(caller.reply().status()).isEqualTo(400);
            assertThat(caller.end()).isIn("closed", "reset");
        }
        assertThat(w.received()).isEqualTo(1);
    }

    // ---- HEAD, 100-continue, chunked bodies ----

    /** Body bytes after the head would be read as the start of the next answer, which would then not parse. */
    @Test
    void anAnswerToHeadHasNoBodyAndTheConnectionCarriesTheNextRequest() throws Exception {
        FakeWorker w = serve(GatewayCallerConnectionsTest::headWithLength);
        try (RawCaller caller = connect()) {
            caller.send(head("HEAD /endpoints/ep/score HTTP/1.1", ""));
            String answerHead = caller.head();
            assertThat(answerHead).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(RawHttp.header(answerHead, "content-length")).as("the worker's length, for a body not sent")
                    .isEqualTo("42");

            caller.send(scoring("after-head", "{}"));
            Reply next = caller.reply();
            assertThat(next.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(next.header(CLIENT_ID)).isEqualTo("after-head");
        }
        assertThat(w.seen()).extracting(FakeWorker.Seen::method).containsExactly("HEAD", "POST");
    }

    @Test
    void aCallerExpecting100ContinueGetsItBeforeItSendsTheBody() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        String body = "{\"sent\":\"after 100 Continue\"}";
        try (RawCaller caller = connect()) {
            caller.send(head(SCORE, "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n"));
            assertThat(caller.head()).startsWith("HTTP/1.1 100 Continue\r\n");
            caller.send(body);
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(bodyLengthSeenByWorker(answer)).isEqualTo(body.length());
        }
        assertThat(w.last().body().toString()).isEqualTo(body);
        assertThat(w.last().headers().get("expect")).as("the gateway answers Expect itself").isNull();
    }

    /**
     * RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request, and (§15.2) MUST NOT
     * send a 1xx answer to an HTTP/1.0 client, which would take it for the final one.
     */
    @Test
    void anHttp10RequestExpecting100ContinueGetsNoInterimAnswer() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(request(SCORE_HTTP_10, "Expect: 100-continue\r\n", "{}"));
            assertThat(caller.reply().statusLine()).as("the first answer").isEqualTo("HTTP/1.0 200 OK");
        }
        assertThat(w.received()).isEqualTo(1);
    }

    /** A body larger than what is read whole goes on as it arrives: the 100 comes once the worker is connected. */
    @Test
    void aCallerExpecting100ContinueWithALargeBodyGetsItBeforeItSendsTheBody() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        String body = "b".repeat(200 * 1024);
        try (RawCaller caller = connect()) {
            caller.send(head(SCORE, "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n"));
            assertThat(caller.head()).startsWith("HTTP/1.1 100 Continue\r\n");
            caller.send(body);
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(bodyLengthSeenByWorker(answer)).isEqualTo(body.length());
        }
        assertThat(w.last().body().toString()).isEqualTo(body);
    }

    @Test
    void aChunkedBodyReachesTheWorkerWholeAndTheConnectionCarriesTheNextRequest() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(head(SCORE, "Transfer-Encoding: chunked\r\n"));
            caller.send(chunk("{\"rows\":"));
            caller.send(chunk("[1,2,3]") + chunk("}"));
            caller.send("0\r\n\r\n");
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(bodyLengthSeenByWorker(answer)).isEqualTo("{\"rows\":[1,2,3]}".length());
            assertThat(w.last().body().toString()).isEqualTo("{\"rows\":[1,2,3]}");

            caller.send(scoring("after-chunked", "{}"));
            assertThat(caller.reply().header(CLIENT_ID)).isEqualTo("after-chunked");
        }
        assertThat(w.received()).isEqualTo(2);
    }

    /**
     * A chunk size that is not a number is the caller's fault, as a small body that cannot be read is
     * (LiveForward.onCallerBodyFailed): 400, and the connection closes, as nothing after it can be read.
     */
    @Test
    void aMalformedChunkInABodyIs400AndTheConnectionCloses() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(head(SCORE, "Transfer-Encoding: chunked\r\n") + chunk("{\"rows\":")
                    + "zz\r\nnot a chunk\r\n");
            Reply refused = caller.reply();
            assertThat(refused.status()).as("%s %s", refused.statusLine(), refused.body()).isEqualTo(400);
            assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end()).isIn("closed", "reset");
        }
        assertThat(w.received()).as("no worker takes a broken body for a whole one").isZero();
    }

    // ---- answers before the body ----

    /** A body up to 64 KiB is cheap to skip (Call.cheapToDrain): read and dropped, not taken for a request. */
    @Test
    void aRefusedRequestWhoseSmallBodyIsStillToComeLeavesTheConnectionUsable() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        String body = "GET /not-a-request\r\n";
        try (RawCaller caller = connect()) {
            caller.send("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong-key\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n");
            Reply refused = caller.reply();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("connection")).isNull();

            caller.send(body);
            caller.send(scoring("after-401", "{}"));
            Reply next = caller.reply();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.header(CLIENT_ID)).isEqualTo("after-401");
        }
        assertThat(w.received()).isEqualTo(1);
    }

    /** A larger body would cost too much to skip: the answer says close, and it happens once the body is in. */
    @Test
    void aRefusedRequestWhoseLargeBodyIsStillToComeIsClosedOnceTheBodyHasArrived() throws Exception {
        serve(FakeWorker::answerOk);
        String body = "b".repeat(100_000);
        try (RawCaller caller = connect()) {
            caller.send("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong-key\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n");
            Reply refused = caller.reply();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end(Duration.ofMillis(300))).as("body still to come").isEqualTo("still open");

            caller.send(body);
            assertThat(caller.end()).as("a clean close after the whole body, not a reset").isEqualTo("closed");
        }
    }

    /**
     * A refusal before the body goes without a 100, and the caller may then never send the body: the connection
     * closes (after LingeringClose.IDLE without bytes).
     */
    @Test
    void aRefusedRequestThatExpected100ContinueGetsNoContinueAndIsClosed() throws Exception {
        FakeWorker w = serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send("POST /endpoints/ep/score HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong-key\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 20\r\n\r\n");
            Reply refused = caller.reply();
            assertThat(refused.status()).as("the first answer").isEqualTo(401);
            assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end(Duration.ofMillis(300))).as("in case the body comes").isEqualTo("still open");
            assertThat(caller.end()).as("once none came for a while").isEqualTo("closed");
        }
        assertThat(w.received()).isZero();
    }

    // ---- stopping ----

    @Test
    void aRequestInFlightWhenTheGatewayStopsIsAnsweredAndItsConnectionThenClosed() throws Exception {
        FakeWorker w = serve(FakeWorker.hold());
        int port = gw.port();
        try (RawCaller caller = connect()) {
            caller.send(scoring("in-flight", "{}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> w.heldCount() == 1);

            Future<Void> stopped = gw.stopGateway();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                            .as("a new connection while the gateway stops").isInstanceOf(ConnectException.class));
            assertThat(stopped.isComplete()).as("stopped with a request in flight").isFalse();

            w.releaseHeld();
            Reply answer = caller.reply();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header(CLIENT_ID)).isEqualTo("in-flight");
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end()).isEqualTo("closed");
            GatewayFixture.await(stopped);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedWhenTheGatewayStops() throws Exception {
        serve(FakeWorker::answerOk);
        try (RawCaller caller = connect()) {
            caller.send(scoring("before-stop", "{}"));
            assertThat(caller.reply().status()).isEqualTo(200);

            GatewayFixture.await(gw.stopGateway());
            assertThat(caller.end()).isEqualTo("closed");
        }
    }

    // ---- TLS ----

    @Test
    void overTlsPipelinedRequestsAreAnsweredInOrderAndConnectionCloseEndsTheConnection(@TempDir Path dir)
            throws Exception {
        SelfSignedCertificate generated = SelfSignedCertificate.create("localhost");
        Path cert = Files.copy(Paths.get(generated.certificatePath()), dir.resolve("server.pem"));
        Path key = Files.copy(Paths.get(generated.privateKeyPath()), dir.resolve("server-key.pem"));
        generated.delete();
        gw = gateways.start(o -> o.withServerInstances(1).withTls(cert, key));
        publishWorker(GatewayCallerConnectionsTest::slowWhenAsked);

        try (Socket tls = trusting(cert).getSocketFactory().createSocket("127.0.0.1", gw.port());
             RawCaller caller = RawCaller.over(tls)) {
            caller.send(scoring("first", "{\"slow\":true}") + scoring("second", "{}")
                    + request(SCORE, "Connection: close\r\n" + CLIENT_ID + ": last\r\n", "{}"));
            assertThat(caller.reply().header(CLIENT_ID)).isEqualTo("first");
            assertThat(caller.reply().header(CLIENT_ID)).isEqualTo("second");
            Reply last = caller.reply();
            assertThat(last.header(CLIENT_ID)).isEqualTo("last");
            assertThat(last.header("connection")).isEqualToIgnoringCase("close");
            assertThat(caller.end()).isEqualTo("closed");
        }
    }

    /** A TLS context that trusts the gateway's self-signed certificate (host names are not checked on a raw socket). */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
