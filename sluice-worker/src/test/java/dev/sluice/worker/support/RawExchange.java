package dev.sluice.worker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 exchange written by hand on a fresh connection, over TCP or a Unix domain socket. */
public final class RawExchange {

    private RawExchange() {
    }

    /**
     * Sends {@code request} as is and reads until the worker closes the connection (send
     * {@code Connection: close}).
     */
    public static String send(SocketAddress address, String request) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
        try (SocketChannel channel = SocketChannel.open(family)) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }
}
