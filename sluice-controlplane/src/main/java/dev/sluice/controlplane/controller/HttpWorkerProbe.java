package dev.sluice.controlplane.controller;

import dev.sluice.core.worker.WorkerProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Probes workers over loopback HTTP. Each probe carries the server's pid, which tells an adopted worker
 * which server now looks after it (so it does not exit when its original server is gone).
 */
public final class HttpWorkerProbe implements WorkerProbe {

    private final HttpClient client;
    private final String serverPid;

    private HttpWorkerProbe(HttpClient client, long serverPid) {
        this.client = client;
        this.serverPid = Long.toString(serverPid);
    }

    public static HttpWorkerProbe create(long serverPid) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return new HttpWorkerProbe(client, serverPid);
    }

    @Override
    public CompletableFuture<Boolean> ready(String workerUrl, Duration timeout) {
        return get(workerUrl + WorkerProtocol.READY_PATH, timeout);
    }

    @Override
    public CompletableFuture<Boolean> live(String workerUrl, Duration timeout) {
        return get(workerUrl + WorkerProtocol.LIVE_PATH, timeout);
    }

    private CompletableFuture<Boolean> get(String url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header(WorkerProtocol.SERVER_PID_HEADER, serverPid)
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .exceptionally(failure -> false);
    }
}
