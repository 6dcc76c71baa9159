package dev.sluice.controlplane.autoscale;

import com.ibm.icu.util.TimeZone;
import dev.sluice.core.autoscale.ZoneResolver;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Time zones as Azure autoscale schedules name them: Windows names ({@code Pacific Standard Time},
 * {@code W. Europe Standard Time}, {@code UTC}, {@code UTC-11}), mapped by ICU's copy of CLDR's Windows table to
 * the IANA zone of their main region, whose rules (daylight-saving changes) the JDK's time-zone database then
 * applies. IANA names and {@code UTC} work too, as with core's {@link ZoneResolver#iana()}. Stateless.
 */
public final class IcuZoneResolver implements ZoneResolver {

    private final ZoneResolver iana = ZoneResolver.iana();

    private IcuZoneResolver() {
    }

    public static IcuZoneResolver create() {
        return new IcuZoneResolver();
    }

    @Override
    public Optional<ZoneId> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Optional<ZoneId> byIana = iana.find(name);
        if (byIana.isPresent()) {
            return byIana;
        }
        // A null region asks for the zone of the name's main region ("001" in CLDR's table).
        String id = TimeZone.getIDForWindowsID(name, null);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            // ICU knows a zone this JDK's database does not (an older JDK): as good as unknown here.
            return Optional.empty();
        }
    }

    @Override
    public String accepted() {
        return "a Windows time-zone name as Azure writes them, such as Pacific Standard Time or "
                + "W. Europe Standard Time, or UTC or an IANA name such as Europe/Berlin";
    }
}
