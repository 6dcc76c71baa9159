package dev.sluice.cli.testing;

import dev.sluice.cli.Cli;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.Terminal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs the CLI in-process against a data folder, with captured streams and fast polling. */
public final class CliRunner {

    /** What one run printed and answered. */
    public record Result(int status, String out, String err) {
    }

    private final Path dataDir;
    private final Terminal terminal;
    private final String stdin;

    private CliRunner(Path dataDir, Terminal terminal, String stdin) {
        this.dataDir = dataDir;
        this.terminal = terminal;
        this.stdin = stdin;
    }

    /** A runner whose SLUICE_HOME is {@code dataDir}, with no terminal. */
    public static CliRunner inDataDir(Path dataDir) {
        return new CliRunner(dataDir, Terminal.DETACHED, "");
    }

    /** The same runner on a terminal where the user types {@code input}. */
    public CliRunner onTerminal(String input) {
        return new CliRunner(dataDir, Terminal.ATTACHED, input);
    }

    /** Writes server.json and admin-token as a running server would. */
    public CliRunner withServer(URI apiUrl, String token, Path caCert) {
        try {
            Files.createDirectories(dataDir);
            String ca = caCert == null ? "null" : "\"" + caCert.toString().replace("\\", "\\\\") + "\"";
            Files.writeString(dataDir.resolve("server.json"), "{\"apiUrl\":\"" + apiUrl + "\",\"gatewayUrl\":\""
                    + apiUrl + "\",\"caCert\":" + ca + ",\"pid\":" + ProcessHandle.current().pid() + "}");
            Files.writeString(dataDir.resolve("admin-token"), token + "\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Map.of("SLUICE_HOME", dataDir.toString()), dataDir.resolve("home").toString(), terminal,
                Duration.ofMillis(5), Duration.ofSeconds(10));
        int status = Cli.create(context).execute(args);
        return new Result(status, out.toString(), err.toString());
    }
}
