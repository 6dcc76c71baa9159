package dev.sluice.worker.runner.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

    private static final long MS = 1_000_000;

    @Test
    void withoutADelayEverythingWaitingRunsAtOnceUpToTheMaximum() {
        BatchQueue<String> q = BatchQueue.create(3, Duration.ZERO);
        q.add("a", "k", 0);
        q.add("b", "k", 1);
        q.add("c", "k", 2);
        q.add("d", "k", 3);
        assertThat(q.next(3).batch()).containsExactly("a", "b", "c");
        assertThat(q.next(3).batch()).containsExactly("d");
        assertThat(q.next(3).idle()).isTrue();
    }

    @Test
    void aBatchThatIsNotFullWaitsUntilItsOldestRequestHasWaitedTheDelay() {
        BatchQueue<String> q = BatchQueue.create(4, Duration.ofMillis(5));
        q.add("a", "k", 0);
        q.add("b", "k", 2 * MS);
        BatchQueue.Decision<String> early = q.next(3 * MS);
        assertThat(early.runs()).isFalse();
        assertThat(early.waitNanos()).isEqualTo(2 * MS);
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.next(5 * MS).batch()).containsExactly("a", "b");
    }

    @Test
    void aFullBatchRunsBeforeTheDelay() {
        BatchQueue<String> q = BatchQueue.create(2, Duration.ofSeconds(10));
        q.add("a", "k", 0);
        assertThat(q.next(0).runs()).isFalse();
        q.add("b", "k", 1);
        assertThat(q.next(1).batch()).containsExactly("a", "b");
    }

    @Test
    void requestsWithDifferentKeysNeverShareABatchAndTheOldestGroupGoesFirst() {
        BatchQueue<String> q = BatchQueue.create(8, Duration.ZERO);
        q.add("a1", "shape [1, 4]", 0);
        q.add("b1", "shape [1, 3]", 1);
        q.add("a2", "shape [1, 4]", 2);
        q.add("b2", "shape [1, 3]", 3);
        assertThat(q.next(4).batch()).containsExactly("a1", "a2");
        assertThat(q.next(4).batch()).containsExactly("b1", "b2");
    }

    @Test
    void aFullYoungerGroupDoesNotWaitForAnOlderOneThatIsStillGathering() {
        BatchQueue<String> q = BatchQueue.create(2, Duration.ofMillis(10));
        q.add("lone", "x", 0);
        q.add("p", "y", 1 * MS);
        q.add("q", "y", 2 * MS);
        assertThat(q.next(3 * MS).batch()).containsExactly("p", "q");
        BatchQueue.Decision<String> then = q.next(3 * MS);
        assertThat(then.runs()).isFalse();
        assertThat(then.waitNanos()).isEqualTo(7 * MS);
        assertThat(q.next(10 * MS).batch()).containsExactly("lone");
    }

    @Test
    void theWaitIsUntilTheFirstGroupIsDue() {
        BatchQueue<String> q = BatchQueue.create(4, Duration.ofMillis(10));
        q.add("a", "x", 1 * MS);
        q.add("b", "y", 4 * MS);
        assertThat(q.next(5 * MS).waitNanos()).isEqualTo(6 * MS);
    }

    @Test
    void aRequestThatGaveUpLeavesTheQueue() {
        BatchQueue<String> q = BatchQueue.create(4, Duration.ZERO);
        q.add("a", "k", 0);
        q.add("b", "k", 1);
        assertThat(q.remove("a")).isTrue();
        assertThat(q.remove("a")).isFalse();
        assertThat(q.oldest()).isEqualTo("b");
        assertThat(q.next(2).batch()).containsExactly("b");
        assertThat(q.oldest()).isNull();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> BatchQueue.create(0, Duration.ZERO))
                .hasMessage("maxBatchSize: 0 (expected: at least 1)");
        assertThatThrownBy(() -> BatchQueue.create(1, Duration.ofMillis(-1)))
                .hasMessage("maxDelay: PT-0.001S (expected: zero or more)");
    }
}
