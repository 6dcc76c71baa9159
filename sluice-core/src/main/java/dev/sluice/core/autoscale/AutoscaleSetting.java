package dev.sluice.core.autoscale;

import java.util.List;

/**
 * An Azure Monitor autoscale setting as Sluice applies it to one deployment. Read from Azure's JSON by
 * {@link AutoscaleSettingReader}, written back by {@link AutoscaleSettingWriter}, evaluated by
 * {@link AutoscaleEvaluator}.
 *
 * @param name the setting's name from the JSON, or null when it has none (the caller names it)
 * @param enabled Azure's {@code enabled} (default true): a disabled setting never scales
 * @param warnings what the JSON asked for that Sluice cannot honour, one readable line each, naming the key
 */
public record AutoscaleSetting(String name, boolean enabled, List<Profile> profiles, List<String> warnings) {

    public AutoscaleSetting {
        profiles = List.copyOf(profiles);
        warnings = List.copyOf(warnings);
    }
}
