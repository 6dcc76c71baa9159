package dev.sluice.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.worker.Worker;
import dev.sluice.worker.WorkerOptions;
import dev.sluice.worker.support.Console;
import dev.sluice.worker.support.SlowInitRunner;
import dev.sluice.worker.support.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that is still starting answers 503 at once, without waiting for (or keeping) the request body, and
 * keeps the connection usable for the next request when the body is small. Raw sockets, so that the test decides
 * exactly which bytes are sent and when.
 */
class NotReadyAnswerTest {

    private static final int READ_TIMEOUT_MS = 10_000;

    @TempDir
    Path work;
    private final Console console = new Console();
    private final SlowInitRunner starting = new SlowInitRunner();
    private Worker worker;

    @BeforeEach
    void startWorkerThatDoesNotFinishInit() {
        worker = Worker.start(TestConfig.in(work).build(),
                WorkerOptions.defaults().withConsole(console.out, console.err).withRunners(config -> starting));
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void answers503BeforeTheBodyHasArrived() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            // 10 MB announced, 1 KiB sent, and then nothing: an answer now cannot have waited for the body.
            out.write(("POST /score HTTP/1.1\r\nHost: worker\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();

            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("x-sluice-error: ResourceNotReady");
        }
    }

    @Test
    void aSmallBodyIsDroppedAndTheConnectionCarriesTheNextRequest() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String body = "{\"data\": [1, 2, 3]}";
            for (int i = 0; i < 2; i++) {
                out.write(("POST /score HTTP/1.1\r\nHost: worker\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();

                String head = readHead(in);
                assertThat(head).as("answer " + (i + 1)).startsWith("HTTP/1.1 503");
                skipBody(in, head);
            }
        }
    }

    @Test
    void aBodyThatGoesOnPastTheDrainLimitEndsTheConnection() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /score HTTP/1.1\r\nHost: worker\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 503");
            skipBody(in, head);
            try {
                for (int i = 0; i < 4; i++) {
                    out.write(new byte[512 * 1024]);
                }
                out.flush();
            } catch (IOException closedWhileSending) {
                // The worker may close before all of it is written: that is the point.
            }

            assertThat(endOfStream(in)).as("the worker closed the connection").isTrue();
        }
    }

    private static boolean endOfStream(InputStream in) {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", worker.port());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** The status line and headers, up to the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        assertThat(in.readNBytes(length)).hasSize(length);
    }
}
