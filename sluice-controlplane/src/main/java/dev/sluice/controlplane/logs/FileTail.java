package dev.sluice.controlplane.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The last lines of a file, read backwards from its end in blocks, so that the tail of a log of many
 * gigabytes costs as much as the tail of a small one.
 */
final class FileTail {

    private static final int BLOCK_BYTES = 64 * 1024;

    private FileTail() {
    }

    /**
     * The last {@code lines} lines of {@code file} (with their line ends), at most {@code maxBytes} of them:
     * beyond that the text starts at the first line that begins inside the limit. A missing file is empty.
     */
    static String read(Path file, int lines, long maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0 || lines <= 0) {
                return "";
            }
            long floor = Math.max(0, size - maxBytes);
            long start = startOfLastLines(channel, size, lines, floor);
            if (start == floor && floor > 0 && byteAt(channel, floor - 1) != '\n') {
                start = afterNextNewline(channel, floor, size);
            }
            ByteBuffer text = ByteBuffer.allocate((int) (size - start));
            readFully(channel, text, start);
            return new String(text.array(), 0, text.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** Where the last {@code lines} lines begin, never before {@code floor}. A final line end ends a line; it does not start one. */
    private static long startOfLastLines(FileChannel channel, long size, int lines, long floor) throws IOException {
        long end = byteAt(channel, size - 1) == '\n' ? size - 1 : size;
        int newlines = 0;
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        long position = end;
        while (position > floor) {
            int length = (int) Math.min(BLOCK_BYTES, position - floor);
            position -= length;
            block.clear().limit(length);
            readFully(channel, block, position);
            for (int i = length - 1; i >= 0; i--) {
                if (block.get(i) == '\n' && ++newlines == lines) {
                    return position + i + 1;
                }
            }
        }
        return floor;
    }

    private static long afterNextNewline(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);
        for (long position = from; position < size; position += BLOCK_BYTES) {
            block.clear().limit((int) Math.min(BLOCK_BYTES, size - position));
            readFully(channel, block, position);
            for (int i = 0; i < block.position(); i++) {
                if (block.get(i) == '\n') {
                    return position + i + 1;
                }
            }
        }
        return from;
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, position);
        return one.get(0);
    }

    /** Fills {@code buffer} up to its limit from {@code position}, or until the end of the file. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }
}
