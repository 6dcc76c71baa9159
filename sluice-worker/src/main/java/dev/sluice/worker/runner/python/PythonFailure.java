package dev.sluice.worker.runner.python;

import dev.sluice.worker.runner.RunFailure;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * An exception raised by the scoring script. Its stack trace is the Python traceback, so that where the worker
 * prints a failure's stack trace (a failed init, a failed request), the console shows the user's frames rather
 * than the worker's. A failed request carries the error body the runner wrote for it.
 */
public final class PythonFailure extends Exception implements RunFailure {

    private static final byte[] NONE = new byte[0];

    private final String traceback;
    private final byte[] errorBody;

    /**
     * @param message   one line, such as {@code ValueError: bad input}
     * @param traceback the Python traceback without the runner's own frames, or empty
     * @param errorBody the JSON error body the runner wrote (a RUN_FAILED frame's body), or empty
     */
    public PythonFailure(String message, String traceback, byte[] errorBody) {
        super(message, null, false, false);
        this.traceback = traceback == null ? "" : traceback;
        this.errorBody = errorBody == null ? NONE : errorBody;
    }

    public String traceback() {
        return traceback;
    }

    @Override
    public byte[] errorBody() {
        return errorBody;
    }

    private String printable() {
        return traceback.isBlank() ? getMessage() + System.lineSeparator() : traceback.stripTrailing()
                + System.lineSeparator();
    }

    @Override
    public void printStackTrace(PrintStream s) {
        s.print(printable());
    }

    @Override
    public void printStackTrace(PrintWriter s) {
        s.print(printable());
    }
}
