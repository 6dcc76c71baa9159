package dev.sluice.core.autoscale;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** IANA region names as the JDK's time-zone database has them, and {@code UTC}. Stateless. */
final class IanaZoneResolver implements ZoneResolver {

    static final IanaZoneResolver INSTANCE = new IanaZoneResolver();

    private IanaZoneResolver() {
    }

    @Override
    public Optional<ZoneId> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.equals("UTC")) {
            return Optional.of(ZoneOffset.UTC);
        }
        // Only region names: "+02:00" or "GMT+2" would fix an offset that ignores daylight-saving time.
        return ZoneId.getAvailableZoneIds().contains(name) ? Optional.of(ZoneId.of(name)) : Optional.empty();
    }

    @Override
    public String accepted() {
        return "UTC or an IANA time-zone name such as Europe/Berlin";
    }
}
