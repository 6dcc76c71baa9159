package dev.sluice.gateway.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads HTTP/1.1 messages off a raw socket, for tests that play a caller or a worker byte by byte. */
public final class RawHttp {

    private RawHttp() {
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

    private static String readHead(InputStream in) throws IOException {
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
}
