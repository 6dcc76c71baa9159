package dev.sluice.controlplane.controller;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of an instance's console log, for the reason of a failed deployment. */
final class ConsoleTail {

    private static final int MAX_BYTES = 16 * 1024;

    private ConsoleTail() {
    }

    static String lastLines(Path consoleLog, int lines) {
        if (!Files.isRegularFile(consoleLog)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(consoleLog.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            List<String> kept = all.subList(Math.max(0, all.size() - lines), all.size());
            return String.join("\n", kept).strip();
        } catch (IOException e) {
            return "(console log unreadable: " + e.getMessage() + ")";
        }
    }
}
