package dev.sluice.worker.support;

import dev.sluice.scoring.ScoringRequest;
import dev.sluice.scoring.ScoringResult;
import dev.sluice.worker.runner.Runner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runner whose init waits (interruptibly, as a Python runner waits for its processes) until the test lets it
 * finish, then opens a resource; close releases whatever is open at that moment. Counts what it did.
 */
public final class SlowInitRunner implements Runner {

    public final CountDownLatch initEntered = new CountDownLatch(1);
    public final CountDownLatch mayFinishInit = new CountDownLatch(1);
    public final CountDownLatch initReturned = new CountDownLatch(1);
    public final AtomicInteger open = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();

    @Override
    public void init() throws Exception {
        try {
            initEntered.countDown();
            mayFinishInit.await();
            open.incrementAndGet();
        } finally {
            initReturned.countDown();
        }
    }

    @Override
    public ScoringResult handle(ScoringRequest request) {
        return ScoringResult.text("ok");
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        open.set(0);
    }
}
