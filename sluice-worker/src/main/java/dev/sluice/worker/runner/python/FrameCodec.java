package dev.sluice.worker.runner.python;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads and writes the length-prefixed frames of the worker ↔ runner protocol (all integers big-endian):
 * {@code u32 length | u8 kind | u64 id | u32 metaLength | meta | body}, where length counts every byte after
 * itself. The Python twin is {@code sluice_protocol.py}; both are tested against the same golden frames.
 */
public final class FrameCodec {

    /** A bound against garbage on the pipe, far above any request or answer body the worker accepts. */
    public static final int MAX_FRAME_BYTES = 512 * 1024 * 1024;
    /** kind + id + meta length. */
    static final int FIXED_BYTES = 1 + 8 + 4;

    private FrameCodec() {
    }

    /** Writes the frame and flushes; the body is written as is, not copied. */
    public static void write(OutputStream out, Frame frame) throws IOException {
        out.write(header(frame));
        out.write(frame.body());
        out.flush();
    }

    /** The whole frame as bytes. */
    public static byte[] encode(Frame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(bytes, frame);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The length field of a frame with this much meta and body; refuses frames over {@link #MAX_FRAME_BYTES}. */
    static int lengthField(long metaLength, long bodyLength) {
        long length = FIXED_BYTES + metaLength + bodyLength;
        if (length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("frame of " + length + " bytes is larger than " + MAX_FRAME_BYTES);
        }
        return (int) length;
    }

    private static byte[] header(Frame frame) {
        int length = lengthField(frame.meta().length, frame.body().length);
        return ByteBuffer.allocate(4 + FIXED_BYTES + frame.meta().length)
                .putInt(length).put((byte) frame.kind().code()).putLong(frame.id())
                .putInt(frame.meta().length).put(frame.meta()).array();
    }

    /**
     * The next frame, or empty when the stream ends cleanly between frames.
     *
     * @throws FrameFormatException when the stream ends inside a frame or the frame is malformed
     */
    public static Optional<Frame> read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        DataInputStream data = new DataInputStream(in);
        try {
            int length = (first << 24) | (data.readUnsignedByte() << 16) | data.readUnsignedShort();
            if (length < FIXED_BYTES || length > MAX_FRAME_BYTES) {
                throw new FrameFormatException("frame length " + Integer.toUnsignedString(length) + " (expected: "
                        + FIXED_BYTES + ".." + MAX_FRAME_BYTES + ")");
            }
            int code = data.readUnsignedByte();
            FrameKind kind = FrameKind.of(code);
            if (kind == null) {
                throw new FrameFormatException("unknown frame kind " + code + " (expected: 1..5)");
            }
            long id = data.readLong();
            int metaLength = data.readInt();
            if (metaLength < 0 || metaLength > length - FIXED_BYTES) {
                throw new FrameFormatException("meta length " + Integer.toUnsignedString(metaLength)
                        + " exceeds the frame's " + (length - FIXED_BYTES) + " bytes");
            }
            byte[] meta = new byte[metaLength];
            data.readFully(meta);
            byte[] body = new byte[length - FIXED_BYTES - metaLength];
            data.readFully(body);
            return Optional.of(new Frame(kind, id, meta, body));
        } catch (EOFException e) {
            throw new FrameFormatException("truncated frame: the stream ended inside a frame");
        }
    }
}
