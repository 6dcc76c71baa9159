package dev.sluice.core.testing;

import dev.sluice.core.store.Store;

/** The fake store keeps the same contract as the JDBC one. */
class InMemoryStoreTest extends StoreContractTest {

    @Override
    protected Store newStore() {
        return InMemoryStore.create();
    }
}
