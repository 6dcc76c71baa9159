package dev.sluice.worker.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.PrintStream;

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
    /** Event loops are threads of their own, so each gathers its lines without locking. */
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);

    private static final class Batch {
        final StringBuilder lines = new StringBuilder(1024);
        boolean flushQueued;
    }

    public AccessLog(PrintStream out) {
        this.out = out;
    }

    public static String line(String method, String path, int status, long millis, String requestId) {
        return "ACCESS " + method + " " + path + " " + status + " " + millis + "ms "
                + (requestId == null || requestId.isEmpty() ? "-" : printable(requestId));
    }

    /** A caller's id must not break the line into fields or lines. */
    private static String printable(String id) {
        StringBuilder out = new StringBuilder(Math.min(id.length(), MAX_ID_LENGTH));
        for (int i = 0; i < id.length() && i < MAX_ID_LENGTH; i++) {
            char c = id.charAt(i);
            out.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
        return out.toString();
    }

    /** Writes the line now off an event loop; on one, with the other lines of this turn of the loop. */
    public void log(String method, String path, int status, long millis, String requestId) {
        String line = line(method, path, status, millis, requestId);
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
            out.println(line);
            return;
        }
        Batch batch = batches.get();
        batch.lines.append(line).append(System.lineSeparator());
        if (batch.lines.length() >= MAX_BATCH_CHARS) {
            flush(batch);
        } else if (!batch.flushQueued) {
            batch.flushQueued = true;
            context.runOnContext(v -> {
                batch.flushQueued = false;
                flush(batch);
            });
        }
    }

    private void flush(Batch batch) {
        if (batch.lines.length() == 0) {
            return;
        }
        out.print(batch.lines);
        out.flush();
        batch.lines.setLength(0);
    }
}
