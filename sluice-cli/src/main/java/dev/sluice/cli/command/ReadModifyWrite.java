package dev.sluice.cli.command;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.function.Supplier;

/**
 * The CLI's read-modify-write of a resource: GET it with its ETag, change it, PUT it with {@code If-Match}. When
 * someone changed the resource in between, the server answers 412 and the whole cycle runs again on the new
 * version, so that two updates at once (say, {@code --traffic} and {@code --mirror-traffic}) both land and
 * neither undoes the other. Bounded: a resource that changes under every attempt fails with a clear message.
 */
public final class ReadModifyWrite {

    /** Each attempt is a GET and a PUT; a conflict only happens when another writer committed in between. */
    public static final int MAX_ATTEMPTS = 5;

    private ReadModifyWrite() {
    }

    /**
     * @param what  the resource, for the message ("endpoint my-endpoint")
     * @param cycle one whole GET, change and PUT with If-Match; returns the PUT's answer
     */
    public static <T> T run(String what, Supplier<T> cycle) {
        for (int attempt = 1; ; attempt++) {
            try {
                return cycle.get();
            } catch (SluiceException e) {
                if (e.code() != ErrorCode.PRECONDITION_FAILED) {
                    throw e;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw SluiceException.of(ErrorCode.PRECONDITION_FAILED, what + " changed during each of "
                            + MAX_ATTEMPTS + " attempts to update it (someone else is updating it too); try again");
                }
            }
        }
    }
}
