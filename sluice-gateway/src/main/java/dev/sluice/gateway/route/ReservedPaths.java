package dev.sluice.gateway.route;

import dev.sluice.core.worker.WorkerProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps callers away from the worker's own routes ({@code /.sluice/…}). A worker may decode {@code %2e} and
 * resolve {@code ..}, so a path that could mean {@code /.sluice/…} after either is refused too. Ordinary paths
 * (no {@code %}, no {@code /.}, no backslash) take a fast scan and allocate nothing.
 */
public final class ReservedPaths {

    private static final String RESERVED_SEGMENT =
            WorkerProtocol.RESERVED_PREFIX.substring(1, WorkerProtocol.RESERVED_PREFIX.length() - 1);

    private ReservedPaths() {
    }

    /** True when {@code uri} (path and optional query) may reach a reserved worker path. */
    public static boolean isReserved(String uri) {
        int end = uri.indexOf('?');
        if (end < 0) {
            end = uri.length();
        }
        if (!needsNormalizing(uri, end)) {
            return false;
        }
        String decoded = percentDecode(uri.substring(0, end));
        if (decoded == null) {
            return true;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("[/\\\\]")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return RESERVED_SEGMENT.equals(segments.peekFirst());
    }

    private static boolean needsNormalizing(String uri, int end) {
        for (int i = 0; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '%' || c == '\\' || (c == '.' && i > 0 && uri.charAt(i - 1) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** The decoded path, or null when it is not valid percent-encoding (refused, to be safe). */
    private static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int hi = Character.digit(path.charAt(i + 1), 16);
            int lo = Character.digit(path.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
