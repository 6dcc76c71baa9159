package dev.sluice.core.autoscale;

import java.util.Objects;

/**
 * The profile in force at some instant, and why: {@code fixed date 2024-12-24T00:00-08:00..2024-12-26T00:00-08:00},
 * {@code recurrence since 2025-03-08T00:00-08:00 (Pacific Standard Time)} or {@code default profile}.
 */
public record ActiveProfile(Profile profile, String why) {

    public ActiveProfile {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(why, "why");
    }
}
