package dev.sluice.worker;

/**
 * Makes SIGTERM a normal exit. The JVM runs shutdown hooks on SIGTERM either way, but then exits with 143;
 * the worker contract promises 0 for a requested stop, so the controller can tell it from a crash. The server
 * uses it too: a service manager's stop is a clean exit.
 */
public final class TermSignal {

    private TermSignal() {
    }

    /** Best effort: where the JVM does not let us handle TERM ({@code -Xrs}), the exit status stays 143. */
    public static void exitZeroOnTerm(java.io.PrintStream err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            err.println("SIGTERM will exit with 143: " + e.getMessage());
        }
    }
}
