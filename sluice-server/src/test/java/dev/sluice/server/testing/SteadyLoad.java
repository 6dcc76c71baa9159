package dev.sluice.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady, bounded load on one endpoint: {@code callers} clients, each sending one request per
 * {@code period} (never two at once), counting every answer by status and by deployment. Transport
 * failures count as status -1.
 */
public final class SteadyLoad implements AutoCloseable {

    /** What one answer that was not a 200 looked like. */
    public record Failure(int status, String deployment, String body) {
    }

    private final ScheduledExecutorService callers;
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byDeployment = new ConcurrentHashMap<>();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger total = new AtomicInteger();

    private SteadyLoad(int callers) {
        this.callers = Executors.newScheduledThreadPool(callers, r -> {
            Thread t = new Thread(r, "steady-load");
            t.setDaemon(true);
            return t;
        });
    }

    public static SteadyLoad start(HttpClient http, URI scoringUri, String key, String body, int callers,
                                   Duration period) {
        SteadyLoad load = new SteadyLoad(callers);
        HttpRequest request = HttpRequest.newBuilder(scoringUri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < callers; i++) {
            load.callers.scheduleAtFixedRate(() -> load.call(http, request), i * period.toMillis() / callers,
                    period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private void call(HttpClient http, HttpRequest request) {
        int status;
        String deployment = "";
        String body = "";
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            deployment = response.headers().firstValue("azureml-model-deployment").orElse("");
            body = response.body();
        } catch (IOException e) {
            status = -1;
            body = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        byDeployment.computeIfAbsent(deployment, k -> new AtomicInteger()).incrementAndGet();
        if (status != 200) {
            failures.add(new Failure(status, deployment, body.length() > 300 ? body.substring(0, 300) : body));
        }
        total.incrementAndGet();
    }

    public int total() {
        return total.get();
    }

    public int answeredBy(String deployment) {
        AtomicInteger n = byDeployment.get(deployment);
        return n == null ? 0 : n.get();
    }

    public List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    public Map<Integer, Integer> byStatus() {
        Map<Integer, Integer> out = new TreeMap<>();
        byStatus.forEach((status, n) -> out.put(status, n.get()));
        return out;
    }

    /** Stops sending and waits for requests in flight to be answered. */
    @Override
    public void close() throws InterruptedException {
        callers.shutdown();
        if (!callers.awaitTermination(60, TimeUnit.SECONDS)) {
            callers.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return total() + " requests, by status " + byStatus() + ", by deployment " + byDeployment;
    }
}
