package dev.sluice.cli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.home.ServerInfo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the server to talk to: {@code --server URL --token T [--ca-cert F]} when given, else the data folder
 * ({@code --data-dir}, {@code $SLUICE_HOME}, {@code ~/.sluice}) through its {@code server.json} and
 * {@code admin-token}, which a running {@code sluice server} writes.
 */
public final class ServerLocator {

    private final Map<String, String> environment;
    private final String userHome;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServerLocator(Map<String, String> environment, String userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
    }

    public static ServerLocator create(Map<String, String> environment, String userHome) {
        return new ServerLocator(environment, userHome);
    }

    public ServerConnection locate(ConnectionOptions options) {
        Path caCert = options.caCert() == null ? null : requireFile("--ca-cert", options.caCert());
        if (options.server() != null) {
            URI url = parseUrl("--server", options.server());
            if (options.token() == null || options.token().isBlank()) {
                throw SluiceException.of(ErrorCode.BAD_ARGUMENT,
                        "--token: (missing) (expected: the server's admin token, which --server needs)", "--token");
            }
            return new ServerConnection(url, options.token().trim(), caCert, "--server");
        }
        DataDir dataDir = DataDir.locate(options.dataDir(), environment, userHome);
        ServerInfo info = readServerInfo(dataDir);
        String origin = dataDir.serverJson().toString();
        URI url = parseUrl(origin + ": apiUrl", info.apiUrl());
        String token = options.token() != null && !options.token().isBlank()
                ? options.token().trim() : readToken(dataDir);
        if (caCert == null && info.caCert() != null && !info.caCert().isBlank()) {
            caCert = requireFile(origin + ": caCert", Path.of(info.caCert()));
        }
        return new ServerConnection(url, token, caCert, origin);
    }

    private ServerInfo readServerInfo(DataDir dataDir) {
        Path file = dataDir.serverJson();
        if (!Files.isRegularFile(file)) {
            throw SluiceException.of(ErrorCode.NOT_FOUND,
                    "no server found: " + file + " is missing; start one with `sluice server`");
        }
        try {
            ServerInfo info = json.readValue(file.toFile(), ServerInfo.class);
            if (info.apiUrl() == null || info.apiUrl().isBlank()) {
                throw SluiceException.badArgument(file + ": apiUrl", "(missing)", "the server's management URL");
            }
            return info;
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, file + ": cannot be read as server information ("
                    + e.getClass().getSimpleName() + "); restart `sluice server` to rewrite it");
        }
    }

    private static String readToken(DataDir dataDir) {
        Path file = dataDir.adminToken();
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw SluiceException.of(ErrorCode.UNAUTHORIZED, file + " is empty (expected: the admin token)");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED,
                    "no admin token: " + file + " is missing (expected: the file that `sluice server` writes)");
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.UNAUTHORIZED, "cannot read the admin token " + file + ": "
                    + e.getClass().getSimpleName() + " (expected: a file readable by this user)");
        }
    }

    private static Path requireFile(String field, Path file) {
        if (!Files.isRegularFile(file)) {
            throw SluiceException.of(ErrorCode.BAD_ARGUMENT, field + ": " + file + " does not exist (resolved to "
                    + file.toAbsolutePath().normalize() + ")", field);
        }
        return file;
    }

    static URI parseUrl(String field, String value) {
        try {
            URI url = new URI(value.trim());
            String scheme = url.getScheme();
            if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw SluiceException.badArgument(field, value, "an http:// or https:// URL such as https://localhost:7070");
        }
    }
}
