package dev.sluice.controlplane.environments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether a package index answers at all, asked quickly before pip is given a chance: without one, pip would spend
 * minutes on retries where the resolver can decide at once to use the base interpreter's packages.
 */
final class IndexProbe {

    private IndexProbe() {
    }

    /** True when {@code index} answers an HTTP request with a status below 500 within {@code limit} (file URLs: exists). */
    static boolean answers(URI index, Duration limit) {
        if ("file".equals(index.getScheme())) {
            return Files.isDirectory(Path.of(index));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(limit)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(index).timeout(limit)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
