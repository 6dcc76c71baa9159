package dev.sluice.worker.runner.python;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * An exception raised by the scoring script. Its stack trace is the Python traceback, so that where the worker
 * prints a failure's stack trace (a failed init, a failed request), the console shows the user's frames rather
 * than the worker's.
 */
public final class PythonFailure extends Exception {

    private final String traceback;

    /**
     * @param message   one line, such as {@code ValueError: bad input}
     * @param traceback the Python traceback without the runner's own frames, or empty
     */
    public PythonFailure(String message, String traceback) {
        super(message, null, false, false);
        this.traceback = traceback == null ? "" : traceback;
    }

    public String traceback() {
        return traceback;
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
