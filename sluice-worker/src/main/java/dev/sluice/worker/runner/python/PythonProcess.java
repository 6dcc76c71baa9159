package dev.sluice.worker.runner.python;

import dev.sluice.scoring.ScoringRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Python runner process: frames go to its stdin and come back on its stdout, read by a reader thread; its
 * stderr (where the runner sends everything the script prints) is copied to the console line by line by a second
 * thread. One request at a time: {@link #send} is called only while no reply is pending.
 */
final class PythonProcess {

    private static final int PIPE_BUFFER = 64 * 1024;
    private static final int KEPT_LINES = 20;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    /** The process ended (or broke the protocol) before it answered. */
    static final class RunnerExited extends Exception {
        private final String summary;

        RunnerExited(String summary, String lastOutput) {
            super(lastOutput.isEmpty() ? summary : summary + "; its last output:\n" + lastOutput, null, false, false);
            this.summary = summary;
        }

        /** The message without the process's last output lines. */
        String summary() {
            return summary;
        }
    }

    private record Pending(long id, CompletableFuture<Frame> reply) {
    }

    private final int number;
    private final Process process;
    private final OutputStream toRunner;
    private final PrintStream console;
    private final CompletableFuture<Frame> hello = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread relay;
    private long lastId;
    private Pending pending;
    private RunnerExited death;

    private PythonProcess(int number, Process process, PrintStream console) {
        this.number = number;
        this.process = process;
        this.console = console;
        this.toRunner = new BufferedOutputStream(process.getOutputStream(), PIPE_BUFFER);
        this.relay = new Thread(this::relayConsole, "sluice-python-" + number + "-console");
    }

    /** Starts the process and its two threads; the runner then loads the script and runs init(). */
    static PythonProcess start(int number, ProcessBuilder builder, PrintStream console) throws IOException {
        PythonProcess python = new PythonProcess(number, builder.start(), console);
        python.relay.setDaemon(true);
        python.relay.start();
        Thread reader = new Thread(python::readFrames, "sluice-python-" + number + "-frames");
        reader.setDaemon(true);
        reader.start();
        return python;
    }

    int number() {
        return number;
    }

    long pid() {
        return process.pid();
    }

    /** Completes with the exit code once the process is gone and its last output has been read. */
    CompletableFuture<Integer> exited() {
        return exited;
    }

    /**
     * The runner's first frame: READY or INIT_FAILED.
     *
     * @throws RunnerExited     when the process ended first (the message holds its last console lines)
     * @throws TimeoutException when neither came within {@code limit} (the caller kills the process)
     */
    Frame awaitHello(Duration limit) throws RunnerExited, TimeoutException, InterruptedException {
        try {
            return hello.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (RunnerExited) e.getCause();
        }
    }

    /** Sends one request; the future completes with its RESPONSE or RUN_FAILED frame, or with {@link RunnerExited}. */
    CompletableFuture<Frame> send(ScoringRequest request, RunnerMessages messages) {
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        Frame frame;
        synchronized (this) {
            if (death != null) {
                reply.completeExceptionally(death);
                return reply;
            }
            if (pending != null) {
                throw new IllegalStateException("Python runner " + number + " is busy with request " + pending.id());
            }
            frame = messages.request(++lastId, request);
            pending = new Pending(frame.id(), reply);
        }
        try {
            FrameCodec.write(toRunner, frame);
        } catch (IOException e) {
            // The pipe broke: the process is dying; the reader thread fails the pending reply once it is gone.
            kill();
        }
        return reply;
    }

    private void readFrames() {
        String broken = null;
        try (InputStream in = new BufferedInputStream(process.getInputStream(), PIPE_BUFFER)) {
            Optional<Frame> next;
            while ((next = FrameCodec.read(in)).isPresent()) {
                dispatch(next.get());
            }
        } catch (IOException e) {
            broken = e.getMessage();
            kill();
        }
        int code = waitForProcessEnd();
        RunnerExited failure = new RunnerExited(exitSummary(code, broken), lastOutput());
        Pending lost;
        synchronized (this) {
            death = failure;
            lost = pending;
            pending = null;
        }
        hello.completeExceptionally(failure);
        // Exited first: whoever the lost reply wakes must already see this runner as gone, or it would be
        // offered to the next request as if it were free.
        exited.complete(code);
        if (lost != null) {
            lost.reply().completeExceptionally(failure);
        }
    }

    private void dispatch(Frame frame) throws FrameFormatException {
        switch (frame.kind()) {
            case READY, INIT_FAILED -> hello.complete(frame);
            case RESPONSE, RUN_FAILED -> {
                Pending answered;
                synchronized (this) {
                    answered = pending != null && pending.id() == frame.id() ? pending : null;
                    if (answered != null) {
                        pending = null;
                    }
                }
                if (answered == null) {
                    throw new FrameFormatException("answer to request " + Long.toUnsignedString(frame.id())
                            + " that is not pending");
                }
                answered.reply().complete(frame);
            }
            case REQUEST -> throw new FrameFormatException("the runner sent a REQUEST frame");
        }
    }

    private int waitForProcessEnd() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            relay.join(EXIT_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    private String exitSummary(int code, String broken) {
        return "Python runner " + number + " (pid " + pid() + ") " + (broken == null ? "exited with code " + code
                : "broke the frame protocol (" + broken + ") and was stopped");
    }

    private String lastOutput() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    private void relayConsole() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                console.println(line);
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            console.println("Python runner " + number + ": console output lost: " + e.getMessage());
        }
    }

    /** Ends the process now (a request it did not answer in time, a broken pipe). */
    void kill() {
        process.destroyForcibly();
    }

    /** Closes its stdin: a runner between requests then exits by itself. */
    void closeInput() {
        try {
            toRunner.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** Waits for the exit that {@link #closeInput} asked for; kills it when it has not come within {@code grace}. */
    void awaitExit(Duration grace) {
        try {
            exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }
}
