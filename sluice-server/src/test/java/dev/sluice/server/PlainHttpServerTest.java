package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.home.ServerInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls=off}: both ports speak plain HTTP, and server.json says so. */
class PlainHttpServerTest {

    @TempDir
    Path dir;

    @Test
    void tlsOffServesPlainHttpOnBothPorts() throws Exception {
        try (SluiceServer server = SluiceServer.start(ServerSettings.defaults(new DataDir(dir)).withPorts(0, 0)
                .withTlsOff())) {
            ServerInfo info = new ObjectMapper().readValue(dir.resolve("server.json").toFile(), ServerInfo.class);
            assertThat(info.apiUrl()).startsWith("http://localhost:");
            assertThat(info.gatewayUrl()).startsWith("http://localhost:");
            assertThat(info.caCert()).isNull();
            assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(info.apiUrl() + "/api/v1/server"))
                    .header("Authorization", "Bearer " + server.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).contains(info.gatewayUrl());
            HttpResponse<String> gateway = http.send(HttpRequest.newBuilder(
                    URI.create(info.gatewayUrl() + "/endpoints/nothing/score")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gateway.statusCode()).isEqualTo(404);
            assertThat(gateway.body()).contains("\"error\"");
        }
        assertThat(dir.resolve("server.json")).doesNotExist();
    }
}
