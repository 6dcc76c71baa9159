package dev.sluice.worker.http;

import java.io.PrintStream;

/**
 * One line per answered request on the console ({@code ACCESS <method> <path> <status> <ms>ms <x-request-id>}),
 * which the local backend appends to the instance's console.log for {@code get-logs}.
 */
public final class AccessLog {

    private static final int MAX_ID_LENGTH = 200;

    private final PrintStream out;

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

    public void log(String method, String path, int status, long millis, String requestId) {
        out.println(line(method, path, status, millis, requestId));
    }
}
