package dev.sluice.gateway.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A caller on a raw socket (plain or TLS): writes exactly the bytes a test gives and reads answers with
 * {@link RawHttp}, so framing, pipelining and closing can be seen as they are on the wire.
 */
public final class RawCaller implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawCaller(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A plain TCP connection to the gateway on loopback. */
    public static RawCaller connect(int port) throws IOException {
        return new RawCaller(new Socket("127.0.0.1", port));
    }

    /** A caller on a socket the test opened itself (a TLS one, say). */
    public static RawCaller over(Socket socket) throws IOException {
        return new RawCaller(socket);
    }

    /** Writes {@code text} as ISO-8859-1, one byte per character (so any byte can be sent), and flushes. */
    public RawCaller send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Reads the next answer whole (see {@link RawHttp#readReply}). */
    public RawHttp.Reply reply() throws IOException {
        return RawHttp.readReply(in);
    }

    /** Reads the next message head only: an interim answer, or an answer to HEAD. */
    public String head() throws IOException {
        return RawHttp.readHead(in);
    }

    /**
     * What comes next once the expected answers are read: {@code "closed"} when the gateway has ended the
     * connection, {@code "reset"} when it reset it, {@code "still open"} when nothing came within the read
     * timeout, or the bytes that came instead.
     */
    public String end() throws IOException {
        return end(Duration.ofMillis(READ_TIMEOUT_MILLIS));
    }

    /** As {@link #end()}, waiting at most {@code wait}: {@code "still open"} shows the gateway kept it so long. */
    public String end(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int first = in.read();
            if (first < 0) {
                return "closed";
            }
            byte[] more = in.readNBytes(in.available());
            return "more bytes: " + (char) first + new String(more, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "still open";
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset") ? "reset" : "failed: " + e;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
