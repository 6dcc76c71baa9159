package dev.sluice.core.autoscale;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Which profile of a setting is in force, by Azure's rules: a fixed-date profile whose window holds {@code now}
 * wins (the first listed, if several do); otherwise the recurring profile that started last (its latest weekly
 * start at or before {@code now}; on a tie, the first listed), since a recurring profile runs until another one
 * starts; otherwise the default profile. With none of these, no profile is active and nothing scales.
 */
public final class ProfileSelector {

    private ProfileSelector() {
    }

    public static Optional<ActiveProfile> active(AutoscaleSetting setting, Instant now, ZoneResolver zones) {
        for (Profile profile : setting.profiles()) {
            if (profile.fixedDate() != null && profile.fixedDate().covers(now)) {
                FixedDate date = profile.fixedDate();
                return Optional.of(new ActiveProfile(profile, "fixed date " + date.start() + ".." + date.end()));
            }
        }
        ActiveProfile latest = null;
        Instant latestStart = null;
        for (Profile profile : setting.profiles()) {
            Recurrence recurrence = profile.recurrence();
            if (recurrence == null) {
                continue;
            }
            ZoneId zone = zones.resolve("profile " + profile.name() + ": recurrence.schedule.timeZone",
                    recurrence.timeZone());
            Optional<Instant> start = recurrence.latestStart(now, zone);
            if (start.isPresent() && (latestStart == null || start.get().isAfter(latestStart))) {
                latestStart = start.get();
                latest = new ActiveProfile(profile, "recurrence since "
                        + start.get().atZone(zone).toOffsetDateTime() + " (" + recurrence.timeZone() + ")");
            }
        }
        if (latest != null) {
            return Optional.of(latest);
        }
        return setting.profiles().stream().filter(Profile::isDefault).findFirst()
                .map(profile -> new ActiveProfile(profile, "default profile"));
    }
}
