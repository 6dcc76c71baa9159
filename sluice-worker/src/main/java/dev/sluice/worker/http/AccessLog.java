package dev.sluice.worker.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One line per answered request on the console ({@code ACCESS <method> <path> <status> <ms>ms <x-request-id>}),
 * which the local backend appends to the instance's console.log for {@code get-logs}.
 *
 * <p>On an event loop, the lines of one turn of the loop are written together when the turn's tasks are done
 * (a task queued on the same loop), not one write per line: a write per request was about a twentieth of a
 * worker's CPU under load. A line is on the console microseconds after its answer; nothing waits for a timer.
 */
public final class AccessLog {

    private static final int MAX_ID_LENGTH = 200;
    /** A turn that has gathered this much writes it at once instead of growing further. */
    static final int MAX_BATCH_CHARS = 8 * 1024;

    private final PrintStream out;
    /** Event loops are threads of their own, so each gathers its lines in a batch of its own. */
    private final Queue<Batch> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(this::newBatch);

    public AccessLog(PrintStream out) {
        this.out = out;
    }

    private Batch newBatch() {
        Batch batch = new Batch();
        all.add(batch);
        return batch;
    }

    public static String line(String method, String path, int status, long millis, String requestId) {
        return append(new StringBuilder(64), method, path, status, millis, requestId).toString();
    }

    /** Appends the line (without its line break): on an event loop straight into the turn's batch. */
    private static StringBuilder append(StringBuilder out, String method, String path, int status, long millis,
                                        String requestId) {
        out.append("ACCESS ").append(method).append(' ').append(path).append(' ').append(status).append(' ')
                .append(millis).append("ms ");
        if (requestId == null || requestId.isEmpty()) {
            return out.append('-');
        }
        // A caller's id must not break the line into fields or lines.
        for (int i = 0; i < requestId.length() && i < MAX_ID_LENGTH; i++) {
            char c = requestId.charAt(i);
            out.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
        return out;
    }

    /** Writes the line now off an event loop; on one, with the other lines of this turn of the loop. */
    public void log(String method, String path, int status, long millis, String requestId) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
            out.println(line(method, path, status, millis, requestId));
            return;
        }
        Batch batch = batches.get();
        if (batch.add(method, path, status, millis, requestId)) {
            try {
                context.runOnContext(v -> batch.flush());
            } catch (RuntimeException e) {
                // The loop is shutting down and takes no more tasks: write now rather than lose the line.
                batch.flush();
            }
        }
    }

    /** Writes what the loops gathered and have not written yet; for a worker that is stopping. */
    public void flushAll() {
        for (Batch batch : all) {
            batch.flush();
        }
    }

    /**
     * The lines one event loop gathered in the current turn. Only its loop touches it, except {@link #flushAll}
     * at shutdown, so the lock is never contended on the request path.
     */
    private final class Batch {
        private final StringBuilder lines = new StringBuilder(1024);
        private boolean flushQueued;

        /** Appends the line; true when the caller must queue the flush of this turn. */
        synchronized boolean add(String method, String path, int status, long millis, String requestId) {
            append(lines, method, path, status, millis, requestId).append(System.lineSeparator());
            if (lines.length() >= MAX_BATCH_CHARS) {
                write();
                return false;
            }
            boolean first = !flushQueued;
            flushQueued = true;
            return first;
        }

        synchronized void flush() {
            flushQueued = false;
            write();
        }

        private void write() {
            if (lines.length() > 0) {
                out.print(lines);
                out.flush();
                lines.setLength(0);
            }
        }
    }
}
