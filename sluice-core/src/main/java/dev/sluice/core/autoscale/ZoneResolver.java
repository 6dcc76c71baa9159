package dev.sluice.core.autoscale;

import dev.sluice.core.error.SluiceException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Turns the {@code timeZone} of an autoscale schedule into a {@link ZoneId}. Azure writes Windows time-zone names
 * ({@code Pacific Standard Time}); core's {@link #iana()} knows only IANA names and {@code UTC}, and the control
 * plane provides one that also knows Windows names.
 */
public interface ZoneResolver {

    /** The zone named {@code name}, or empty when this resolver does not know the name. */
    Optional<ZoneId> find(String name);

    /** What names this resolver accepts, for error messages: {@code an IANA time-zone name such as Europe/Berlin}. */
    String accepted();

    /** The zone named {@code name}, or a bad-argument error naming {@code field}, the name and what is accepted. */
    default ZoneId resolve(String field, String name) {
        return find(name).orElseThrow(() -> SluiceException.badArgument(field, name, accepted()));
    }

    /** IANA region names ({@code Europe/Berlin}, {@code America/Los_Angeles}) and {@code UTC}. */
    static ZoneResolver iana() {
        return IanaZoneResolver.INSTANCE;
    }
}
