package dev.sluice.cli.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogFollowerTest {

    @Test
    void printsEverythingFirstThenOnlyWhatFollowsTheLinesAlreadyPrinted() {
        LogFollower follower = new LogFollower();
        assertThat(follower.next(List.of("a", "b", "c"))).containsExactly("a", "b", "c");
        assertThat(follower.next(List.of("b", "c", "d", "e"))).containsExactly("d", "e");
        assertThat(follower.next(List.of("c", "d", "e"))).isEmpty();
    }

    @Test
    void repeatedLinesAreMatchedOnTheLastOccurrence() {
        LogFollower follower = new LogFollower();
        follower.next(List.of("x", "ACCESS 200", "ACCESS 200"));
        assertThat(follower.next(List.of("x", "ACCESS 200", "ACCESS 200", "ACCESS 200")))
                .containsExactly("ACCESS 200");
    }

    @Test
    void whenThePrintedLinesScrolledOutTheWholeFetchIsNew() {
        LogFollower follower = new LogFollower();
        follower.next(List.of("a", "b", "c"));
        assertThat(follower.next(List.of("x", "y"))).containsExactly("x", "y");
    }
}
