package dev.sluice.cli.autoscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An autoscale setting file ({@code -f autoscale.json}): Azure Monitor's JSON, read so that a syntax error names the
 * file, line and column before anything reaches the server, and sent as it is.
 */
final class SettingFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingFile() {
    }

    static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SluiceException.badArgument("-f", file, "an existing autoscale setting file (JSON)");
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.BAD_ARGUMENT, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw SluiceException.badArgument("-f", file, "a JSON object (Azure Monitor's autoscale setting)");
            }
        } catch (JsonProcessingException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, file + ": not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage());
        }
        return text;
    }

    /** The server's warnings about keys it does not act on, one line each on stderr. */
    static void warn(JsonNode answer, PrintWriter err) {
        for (JsonNode warning : answer.path("warnings")) {
            err.println("WARNING: " + warning.asText());
        }
        err.flush();
    }
}
