package dev.sluice.gateway.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.routing.InstanceRoute;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PermitTest {

    @Test
    void aPermitReleasedTwiceGivesItsUnitBackOnce() {
        AtomicInteger counter = new AtomicInteger();
        Permit first = Permit.take(counter);
        Permit second = Permit.take(counter);

        first.release();
        first.release();

        assertThat(counter.get()).isEqualTo(1);
        assertThat(first.released()).isTrue();
        assertThat(second.released()).isFalse();
        second.release();
        assertThat(counter.get()).isZero();
    }

    @Test
    void tryTakeRefusesBeyondTheLimitWithoutChangingTheCount() {
        AtomicInteger counter = new AtomicInteger();
        Permit one = Permit.tryTake(counter, 2);
        Permit two = Permit.tryTake(counter, 2);

        assertThat(Permit.tryTake(counter, 2)).isNull();
        assertThat(counter.get()).isEqualTo(2);
        two.release();
        two.release();
        assertThat(Permit.tryTake(counter, 2)).isNotNull();
        assertThat(one.released()).isFalse();
    }

    @Test
    void anInstancesLoadCannotGoBelowZero() {
        InstanceLoad load = InstanceLoad.create();
        InstanceRoute instance = new InstanceRoute("blue-1", "127.0.0.1", 1, null);
        Permit permit = load.acquire(instance);
        assertThat(load.outstanding("blue-1")).isEqualTo(1);

        permit.release();
        permit.release();

        assertThat(load.outstanding("blue-1")).isZero();
        load.acquire(instance);
        assertThat(load.outstanding("blue-1")).isEqualTo(1);
    }
}
