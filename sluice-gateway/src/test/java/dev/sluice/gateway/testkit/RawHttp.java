package dev.sluice.gateway.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads HTTP/1.1 messages off a raw socket, for tests that play a caller or a worker byte by byte. */
public final class RawHttp {

    /** An answer as it came off the socket: its head (status line and headers, up to the blank line) and body. */
    public record Reply(String head, String body) {

        /** The status line, e.g. {@code HTTP/1.1 200 OK}. */
        public String statusLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        public int status() {
            return Integer.parseInt(statusLine().split(" ")[1]);
        }

        /** The first value of the header, whatever the case of its name; null when there is none. */
        public String header(String name) {
            return RawHttp.header(head, name);
        }
    }

    private RawHttp() {
    }

    /**
     * Reads one answer whole: a Content-Length body, a chunked one (decoded), or, with neither, everything until the
     * connection ends. Not for answers to HEAD, whose head promises a body that never comes: see {@link #readHead}.
     */
    public static Reply readReply(InputStream in) throws IOException {
        String head = readHead(in);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        String length = header(head, "content-length");
        String encoding = header(head, "transfer-encoding");
        byte[] body;
        if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else if (length != null) {
            body = readExactly(in, Integer.parseInt(length.trim()));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(head, new String(body, StandardCharsets.UTF_8));
    }

    /** The first value of a header in a message head, whatever the case of its name; null when there is none. */
    public static String header(String head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    /** Reads one message's head and its Content-Length body (none without one); returns the head. */
    public static String readMessage(InputStream in) throws IOException {
        String head = readHead(in);
        long length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return head;
    }

    /** Reads one message's head, up to and with the blank line that ends it. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String end = "\r\n\r\n";
        int matched = 0;
        while (matched < end.length()) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended in a head: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
            matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size;
        while ((size = Integer.parseInt(readLine(in).split(";", 2)[0].trim(), 16)) > 0) {
            body.write(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("a chunk longer than its size line said");
            }
        }
        String trailer;
        do {
            trailer = readLine(in);
        } while (!trailer.isEmpty());
        return body.toByteArray();
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the connection ended after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the connection ended in a line: " + line.toString(StandardCharsets.US_ASCII));
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
