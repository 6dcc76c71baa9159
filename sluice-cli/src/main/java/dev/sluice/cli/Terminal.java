package dev.sluice.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person can answer questions on stdin (a terminal), which {@code delete} needs to confirm. */
public enum Terminal {
    ATTACHED,
    DETACHED;

    /**
     * This JVM's standard streams. Since JDK 22 {@link System#console()} is not null even when the streams are
     * redirected, so {@code Console.isTerminal()} decides where it exists (looked up reflectively: we compile for 17).
     */
    public static Terminal detect() {
        Console console = System.console();
        if (console == null) {
            return DETACHED;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? ATTACHED : DETACHED;
        } catch (ReflectiveOperationException e) {
            return ATTACHED; // JDK 17–21: a non-null console is a terminal
        }
    }
}
