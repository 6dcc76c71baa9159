package dev.sluice.store;

import dev.sluice.core.testing.Samples;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A stand-in for a server process in {@link JdbcStoreDurabilityTest}: writes through a store, prints
 * {@code ACK} once every call has returned, then waits to be killed with SIGKILL (it never closes the store).
 */
public final class StoreWriterMain {

    private StoreWriterMain() {
    }

    public static void main(String[] args) throws IOException {
        JdbcStore store = JdbcStore.sqlite(Path.of(args[0]));
        store.createEndpoint(Samples.richEndpoint("killed"));
        store.createDeployment(Samples.richDeployment("killed", "blue"));
        store.saveInstance(Samples.instance("blue-1", "killed", "blue"));
        System.out.println("ACK");
        System.out.flush();
        // Block until the parent kills us; reading stdin needs no sleep and no timer.
        while (System.in.read() >= 0) {
            // Input is ignored.
        }
    }
}
