package dev.sluice.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLocatorTest {

    @TempDir
    Path dir;

    private ServerLocator locator(Map<String, String> environment) {
        return ServerLocator.create(environment, dir.resolve("home").toString());
    }

    private void writeServer(Path dataDir, String caCert) throws Exception {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("server.json"), "{\"apiUrl\":\"https://127.0.0.1:7070\",\"gatewayUrl\":"
                + "\"https://127.0.0.1:7443\",\"caCert\":" + (caCert == null ? "null" : "\"" + caCert + "\"")
                + ",\"pid\":42,\"extra\":true}");
        Files.writeString(dataDir.resolve("admin-token"), "tok-123\n");
    }

    @Test
    void noServerJsonGivesTheClearMessage() {
        SluiceException e = catchThrowableOfType(SluiceException.class,
                () -> locator(Map.of()).locate(new ConnectionOptions(null, null, null, dir.resolve("d").toString())));
        assertThat(e.getMessage()).isEqualTo("no server found: " + dir.resolve("d/server.json")
                + " is missing; start one with `sluice server`");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void findsTheDataFolderByFlagThenSluiceHomeThenUserHome() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        writeServer(dir.resolve("flag"), ca.toString());
        writeServer(dir.resolve("env"), null);
        writeServer(dir.resolve("home/.sluice"), null);
        ServerConnection byFlag = locator(Map.of("SLUICE_HOME", dir.resolve("env").toString()))
                .locate(new ConnectionOptions(null, null, null, dir.resolve("flag").toString()));
        assertThat(byFlag.origin()).isEqualTo(dir.resolve("flag/server.json").toString());
        assertThat(byFlag.caCert()).isEqualTo(ca);
        assertThat(byFlag.token()).isEqualTo("tok-123");
        assertThat(byFlag.apiUrl()).isEqualTo(URI.create("https://127.0.0.1:7070"));
        assertThat(locator(Map.of("SLUICE_HOME", dir.resolve("env").toString())).locate(ConnectionOptions.none())
                .origin()).isEqualTo(dir.resolve("env/server.json").toString());
        assertThat(locator(Map.of()).locate(ConnectionOptions.none()).origin())
                .isEqualTo(dir.resolve("home/.sluice/server.json").toString());
    }

    @Test
    void aMissingAdminTokenIsNamed() throws Exception {
        writeServer(dir.resolve("d"), null);
        Files.delete(dir.resolve("d/admin-token"));
        SluiceException e = catchThrowableOfType(SluiceException.class,
                () -> locator(Map.of()).locate(new ConnectionOptions(null, null, null, dir.resolve("d").toString())));
        assertThat(e.getMessage()).startsWith("no admin token: " + dir.resolve("d/admin-token") + " is missing");
        ServerConnection withFlag = locator(Map.of())
                .locate(new ConnectionOptions(null, "given", null, dir.resolve("d").toString()));
        assertThat(withFlag.token()).isEqualTo("given");
    }

    @Test
    void explicitServerNeedsAToken() {
        SluiceException e = catchThrowableOfType(SluiceException.class,
                () -> locator(Map.of()).locate(new ConnectionOptions("http://127.0.0.1:7070", null, null, null)));
        assertThat(e.getMessage()).startsWith("--token: (missing)");
        ServerConnection c = locator(Map.of()).locate(new ConnectionOptions("http://127.0.0.1:7070", "t", null, null));
        assertThat(c.origin()).isEqualTo("--server");
        assertThat(c.caCert()).isNull();
    }

    @Test
    void badUrlsAndMissingCaFilesAreNamed() {
        assertThat(catchThrowableOfType(SluiceException.class, () -> locator(Map.of())
                .locate(new ConnectionOptions("localhost:7070", "t", null, null))).getMessage())
                .isEqualTo("--server: localhost:7070 (expected: an http:// or https:// URL such as https://localhost:7070)");
        assertThat(catchThrowableOfType(SluiceException.class, () -> locator(Map.of())
                .locate(new ConnectionOptions("https://localhost:7070", "t", dir.resolve("nope.pem"), null))).getMessage())
                .startsWith("--ca-cert: " + dir.resolve("nope.pem") + " does not exist");
    }
}
