package dev.sluice.worker.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures what a worker prints, in place of stdout and stderr. */
public final class Console {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    public final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    public final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    public String out() {
        synchronized (outBytes) {
            return outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    public String err() {
        synchronized (errBytes) {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> accessLines() {
        return out().lines().filter(l -> l.startsWith("ACCESS ")).toList();
    }
}
