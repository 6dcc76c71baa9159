package dev.sluice.store;

import dev.sluice.core.store.Store;
import dev.sluice.core.testing.StoreContractTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the Store contract, tested by the same cases as the in-memory fake. */
class JdbcStoreContractTest extends StoreContractTest {

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected Store newStore() {
        return JdbcStore.sqlite(dir.resolve("store-" + files.incrementAndGet() + ".db"));
    }
}
