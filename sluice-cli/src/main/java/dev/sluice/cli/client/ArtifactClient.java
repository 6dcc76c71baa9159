package dev.sluice.cli.client;

import static dev.sluice.cli.client.ApiRequests.API;

import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The management API's artifact routes (docs/internals.md): content-addressed zips of model and code folders,
 * streamed to and from files.
 */
public final class ArtifactClient {

    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final ApiTransport transport;

    ArtifactClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** Writes the artifact's zip to {@code zip}. */
    public void download(ArtifactRef ref, Path zip) {
        HttpRequest request = transport.api(path(ref), UPLOAD_TIMEOUT)
                .setHeader("Accept", "application/zip").GET().build();
        HttpResponse<Path> response = transport.send(request, HttpResponse.BodyHandlers.ofFile(zip));
        if (response.statusCode() != 200) {
            String body;
            try {
                body = Files.readString(zip);
            } catch (IOException e) {
                body = "";
            }
            throw ApiErrors.toException(transport.json(), response.statusCode(), body, "GET " + request.uri());
        }
    }

    /** HEAD: 200 means the server already has it, 404 that it does not. */
    public boolean exists(ArtifactRef ref) {
        HttpRequest request = transport.api(path(ref), ApiRequests.CALL_TIMEOUT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        int status = transport.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 404) {
            return status == 200;
        }
        throw ApiErrors.toException(transport.json(), status, "", "HEAD " + request.uri());
    }

    /** Streams {@code zip} (a zip of the artifact's tree) to the server. */
    public void upload(ArtifactRef ref, Path zip) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(zip);
        } catch (FileNotFoundException e) {
            throw SluiceException.of(ErrorCode.INTERNAL,
                    "the artifact archive " + zip + " disappeared before its upload");
        }
        HttpRequest request = transport.api(path(ref), UPLOAD_TIMEOUT)
                .header("Content-Type", "application/zip").PUT(body).build();
        transport.expectSuccess(request);
    }

    private static String path(ArtifactRef ref) {
        return API + "artifacts/" + ref.hex();
    }
}
