package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.client.SluiceClient;
import dev.sluice.cli.output.DeploymentView;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.ProvisioningState;
import dev.sluice.core.spec.UnexpectedValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a long operation by polling the resource until its provisioning state is no longer transitional
 * (or, for a delete, until it is gone), printing a progress line whenever what it shows changes:
 * {@code blue: Creating, 1/2 instances ready}. A deployment that ends Failed is an error with its reason.
 */
public final class ProvisioningWaiter {

    private final SluiceClient client;
    private final Duration interval;
    private final Duration timeout;
    private final Consumer<String> progress;

    private ProvisioningWaiter(SluiceClient client, Duration interval, Duration timeout, Consumer<String> progress) {
        this.client = client;
        this.interval = interval;
        this.timeout = timeout;
        this.progress = progress;
    }

    public static ProvisioningWaiter create(SluiceClient client, Duration interval, Duration timeout,
                                            Consumer<String> progress) {
        return new ProvisioningWaiter(client, interval, timeout, progress);
    }

    /** The deployment once Succeeded; fails with its reason when it ends Failed. */
    public JsonNode deploymentSettled(String endpoint, String name, JsonNode first) {
        String what = "deployment " + name + " of endpoint " + endpoint;
        JsonNode last = poll(what, Optional.of(first), () -> client.findDeployment(endpoint, name),
                current -> current.isEmpty() || !isTransitional(current.get()), ProvisioningWaiter::deploymentStatus)
                .orElseThrow(() -> SluiceException.of(ErrorCode.NOT_FOUND, what + " was deleted while waiting for it"));
        if (state(last).filter(s -> s == ProvisioningState.FAILED).isPresent()) {
            throw DeploymentFailure.of(what, last.path("reason").asText(""), progress);
        }
        return last;
    }

    public JsonNode endpointSettled(String name, JsonNode first) {
        String what = "endpoint " + name;
        return poll(what, Optional.of(first), () -> client.findEndpoint(name),
                current -> current.isEmpty() || !isTransitional(current.get()), ProvisioningWaiter::endpointStatus)
                .orElseThrow(() -> SluiceException.of(ErrorCode.NOT_FOUND, what + " was deleted while waiting for it"));
    }

    public void deploymentGone(String endpoint, String name) {
        String what = "deployment " + name + " of endpoint " + endpoint;
        awaitGone(what, () -> client.findDeployment(endpoint, name), ProvisioningWaiter::deploymentStatus);
    }

    public void endpointGone(String name) {
        awaitGone("endpoint " + name, () -> client.findEndpoint(name), ProvisioningWaiter::endpointStatus);
    }

    private void awaitGone(String what, Supplier<Optional<JsonNode>> fetch, Function<JsonNode, String> status) {
        Optional<JsonNode> last = poll(what, fetch.get(), fetch,
                current -> current.isEmpty() || state(current.get()).filter(s -> s == ProvisioningState.FAILED)
                        .isPresent(), status);
        if (last.isPresent()) {
            throw SluiceException.of(ErrorCode.CONFLICT, what + " could not be deleted: "
                    + last.get().path("reason").asText("it is Failed"));
        }
        progress.accept(what + ": deleted");
    }

    private Optional<JsonNode> poll(String what, Optional<JsonNode> first, Supplier<Optional<JsonNode>> fetch,
                                    Predicate<Optional<JsonNode>> done, Function<JsonNode, String> status) {
        Instant deadline = Instant.now().plus(timeout);
        Optional<JsonNode> current = first;
        String shown = null;
        while (true) {
            String line = current.map(status).orElse(null);
            if (line != null && !line.equals(shown)) {
                progress.accept(line);
                shown = line;
            }
            if (done.test(current)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw SluiceException.of(ErrorCode.REQUEST_TIMEOUT, what + " is still " + current.map(c ->
                        c.path("provisioning_state").asText("changing")).orElse("changing") + " after "
                        + timeout.toMinutes() + " min; it goes on in the server (see its `show` command)");
            }
            sleep();
            current = fetch.get();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SluiceException.of(ErrorCode.INTERNAL, "interrupted while waiting; the operation goes on in the server");
        }
    }

    static String deploymentStatus(JsonNode d) {
        return d.path("name").asText("?") + ": " + d.path("provisioning_state").asText("?") + ", "
                + DeploymentView.readyInstances(d) + " instances ready";
    }

    static String endpointStatus(JsonNode e) {
        return e.path("name").asText("?") + ": " + e.path("provisioning_state").asText("?");
    }

    private static boolean isTransitional(JsonNode resource) {
        return state(resource).map(ProvisioningState::isTransitional).orElse(false);
    }

    /** The state, or empty when the server names one this CLI does not know (then it is not waited on). */
    private static Optional<ProvisioningState> state(JsonNode resource) {
        try {
            return Optional.of(ProvisioningState.fromWire(resource.path("provisioning_state").asText()));
        } catch (UnexpectedValueException e) {
            return Optional.empty();
        }
    }
}
