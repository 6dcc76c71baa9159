package dev.sluice.gateway.forward;

import dev.sluice.core.worker.WorkerProtocol;
import dev.sluice.gateway.http.GatewayHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.Consumer;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1) stay on their own connection in both
 * directions; the caller's credentials and Host never reach the worker; the worker's {@code x-sluice-*} notes to
 * the gateway never reach the caller. One pass over the source with a length switch per name: no hashing of names that are
 * not there, no allocation.
 */
public final class ForwardHeaders {

    private ForwardHeaders() {
    }

    /** Copies a caller's request headers into the request to the worker, tagged with the request id. */
    public static void toWorker(HttpHeaders caller, HttpHeaders worker, String requestId) {
        caller.forEach(header -> {
            String name = header.getKey();
            if (!isHopByHop(name) && !isCallerOnly(name)) {
                worker.add(name, header.getValue());
            }
        });
        removeConnectionTokens(caller.get(HttpHeaderNames.CONNECTION), worker::remove);
        worker.set(GatewayHeaders.REQUEST_ID, requestId);
    }

    /** Copies a worker's response headers into the answer to the caller. */
    public static void toCaller(HttpHeaders worker, HttpHeaders caller) {
        worker.forEach(header -> {
            String name = header.getKey();
            if (!isHopByHop(name) && !isSluiceOnly(name)) {
                caller.add(name, header.getValue());
            }
        });
        removeConnectionTokens(worker.get(HttpHeaderNames.CONNECTION), caller::remove);
    }

    /** The worker's notes to the gateway ({@code x-sluice-error}, {@code x-sluice-queue-wait-us}, …). */
    private static boolean isSluiceOnly(String name) {
        String prefix = WorkerProtocol.SLUICE_HEADER_PREFIX;
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade (any case). */
    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> false;
        };
    }

    /**
     * Host (the worker's is its own), Authorization (the caller's key stays here) and Expect (the gateway
     * answers 100-continue itself; the worker receives a body that is already on its way).
     */
    private static boolean isCallerOnly(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("host");
            case 6 -> name.equalsIgnoreCase("expect");
            case 13 -> name.equalsIgnoreCase("authorization");
            default -> false;
        };
    }

    /** Headers named in Connection are hop-by-hop too; rare, so looked for only when Connection lists any. */
    private static void removeConnectionTokens(String connection, Consumer<String> remove) {
        if (connection == null || connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close")) {
            return;
        }
        for (String token : connection.split(",")) {
            String name = token.trim();
            if (!name.isEmpty()) {
                remove.accept(name);
            }
        }
    }
}
