package dev.sluice.worker.http;

import dev.sluice.core.error.ErrorBody;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.model.InstanceState;
import dev.sluice.core.request.RequestIds;
import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.worker.WorkerStatus;
import dev.sluice.worker.admission.AdmissionControl;
import dev.sluice.worker.runner.Runner;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.PrintStream;
import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The worker's HTTP front: answers Sluice's own probes under {@code /.sluice/}, refuses requests at once while the
 * instance is not Ready (without reading their bodies), reads each other request's body (bounded), and hands it
 * to the {@link Dispatcher}. Runs on the event loop and never blocks.
 */
public final class WorkerHandler implements Handler<HttpServerRequest> {

    private final Vertx vertx;
    private final Supplier<InstanceState> state;
    private final Dispatcher dispatcher;
    private final Answers answers;
    private final InflightTracker inflight;
    private final long maxBodyBytes;
    private final LongConsumer serverContact;

    /** Wires admission control, the dispatcher and the answers for one worker. */
    public static WorkerHandler create(Vertx vertx, Supplier<InstanceState> state, Supplier<Runner> runner,
                                       ExecutorService scoringExecutor, RequestLimits limits, AccessLog accessLog,
                                       PrintStream err, InflightTracker inflight, LongConsumer serverContact) {
        AdmissionControl<ScoringExchange> admission = AdmissionControl.create(limits.maxConcurrent(),
                limits.maxConcurrent(), limits.maxQueueWait());
        Answers answers = new Answers(accessLog, inflight, err);
        Dispatcher dispatcher = new Dispatcher(vertx, admission, scoringExecutor, runner, limits.requestTimeout(),
                limits.maxQueueWait(), answers);
        return new WorkerHandler(vertx, state, dispatcher, answers, inflight, limits.maxBodyBytes(), serverContact);
    }

    private WorkerHandler(Vertx vertx, Supplier<InstanceState> state, Dispatcher dispatcher, Answers answers,
                          InflightTracker inflight, long maxBodyBytes, LongConsumer serverContact) {
        this.vertx = vertx;
        this.state = state;
        this.dispatcher = dispatcher;
        this.answers = answers;
        this.inflight = inflight;
        this.maxBodyBytes = maxBodyBytes;
        this.serverContact = serverContact;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (request.path().startsWith(WorkerProtocol.RESERVED_PREFIX)) {
            probe(request);
            return;
        }
        String id = request.getHeader(WorkerProtocol.REQUEST_ID_HEADER);
        ScoringExchange ex = new ScoringExchange(request, vertx.getOrCreateContext(),
                id == null || id.isBlank() ? RequestIds.next() : id, System.nanoTime());
        inflight.enter();
        request.response().closeHandler(v -> dispatcher.abandoned(ex));
        InstanceState now = state.get();
        if (now != InstanceState.READY) {
            notReady(ex, now);
            return;
        }
        String length = request.getHeader("content-length");
        if (length != null && parseLength(length) > maxBodyBytes) {
            tooLarge(ex);
            return;
        }
        readBody(ex);
    }

    /**
     * Answers 503 before the body: a worker that is starting (or stopping) has no use for it. What the caller
     * still sends is read and dropped, boundedly, so that the connection can carry its next request.
     */
    private void notReady(ScoringExchange ex, InstanceState now) {
        if (!ex.request.isEnded()) {
            BodyDrain.start(ex.request);
        }
        answers.error(ex, ErrorCode.NOT_READY, "instance is " + now.wire().toLowerCase()
                + (now == InstanceState.STARTING ? " (init is not complete)" : ""));
    }

    private void readBody(ScoringExchange ex) {
        ex.request.handler(chunk -> {
            if (ex.answered()) {
                return;
            }
            if (ex.receivedBytes() + chunk.length() > maxBodyBytes) {
                tooLarge(ex);
            } else {
                ex.receive(chunk);
            }
        });
        ex.request.exceptionHandler(e -> dispatcher.abandoned(ex));
        ex.request.endHandler(v -> {
            if (ex.answered()) {
                return;
            }
            ex.bodyComplete();
            InstanceState now = state.get();
            if (now != InstanceState.READY) {
                // Stopped while the body arrived.
                notReady(ex, now);
                return;
            }
            dispatcher.dispatch(ex);
        });
    }

    private void tooLarge(ScoringExchange ex) {
        // The rest of the body will not be read, so the connection cannot carry another request.
        ex.request.response().putHeader("connection", "close");
        answers.error(ex, ErrorCode.PAYLOAD_TOO_LARGE,
                "request body is larger than " + maxBodyBytes + " bytes (the worker's limit)");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void probe(HttpServerRequest request) {
        String path = request.path();
        String serverPid = request.getHeader(WorkerProtocol.SERVER_PID_HEADER);
        if (serverPid != null) {
            try {
                serverContact.accept(Long.parseLong(serverPid.trim()));
            } catch (NumberFormatException e) {
                // Only Sluice calls /.sluice/; a malformed pid is ignored rather than answered.
            }
        }
        InstanceState now = state.get();
        if (path.equals(WorkerProtocol.READY_PATH)) {
            request.response().setStatusCode(now == InstanceState.READY ? 200 : 503)
                    .putHeader("content-type", "application/json")
                    .end("{\"state\":\"" + now.wire() + "\"}");
        } else if (path.equals(WorkerProtocol.LIVE_PATH)) {
            // A worker is Unready only when its runner cannot answer any more (say, every Python process is gone
            // for good): only a new process helps, so the liveness probe fails and the controller restarts it.
            request.response().setStatusCode(now == InstanceState.UNREADY ? 503 : 200)
                    .putHeader("content-type", "application/json")
                    .end("{\"state\":\"" + now.wire() + "\"}");
        } else {
            request.response().setStatusCode(WorkerStatus.TABLE.status(ErrorCode.NOT_FOUND))
                    .putHeader("content-type", "application/json")
                    .putHeader(WorkerProtocol.ERROR_HEADER, ErrorCode.NOT_FOUND.azureName())
                    .end(Buffer.buffer(ErrorBody.json(ErrorCode.NOT_FOUND, path + " does not exist (expected: "
                            + WorkerProtocol.READY_PATH + " or " + WorkerProtocol.LIVE_PATH + ")", null)));
        }
    }
}
