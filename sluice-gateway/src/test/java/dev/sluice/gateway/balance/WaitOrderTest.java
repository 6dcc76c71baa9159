package dev.sluice.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitOrderTest {

    @Test
    void theOldestWaitingRequestIsFirstUntilItLeaves() {
        WaitOrder order = new WaitOrder();
        long first = order.join();
        long second = order.join();
        long third = order.join();

        assertThat(order.isFirst(first)).isTrue();
        assertThat(order.isFirst(second)).isFalse();
        order.leave(second);
        assertThat(order.isFirst(third)).as("a request leaving from the middle").isFalse();
        order.leave(first);
        assertThat(order.isFirst(third)).isTrue();
        order.leave(third);
        assertThat(order.isFirst(third)).isFalse();
    }

    @Test
    void isWakingWhileARequestHeldForAnInstanceWaits() {
        WaitOrder order = new WaitOrder();
        assertThat(order.waking()).isFalse();

        Permit one = order.countForWake();
        Permit two = order.countForWake();
        one.release();
        one.release();
        assertThat(order.waking()).isTrue();
        two.release();
        assertThat(order.waking()).isFalse();
    }
}
