package dev.sluice.core.autoscale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.DeploymentId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an Azure Monitor autoscale setting from its JSON, in either form Azure shows it: the ARM resource
 * ({@code {"location", "tags", "properties": {"profiles": […], …}}}) or its properties alone
 * ({@code {"profiles": […], "enabled": true}}, also as {@code az monitor autoscale show} prints them, with the
 * resource's keys beside).
 *
 * <p>Every error is a bad argument naming the full path of the field, its value and what was expected:
 * {@code profiles[0].rules[1].metricTrigger.operator: Bigger (expected: Equals|NotEquals|…)}. Keys of Azure's
 * schema that Sluice cannot honour are warnings in {@link AutoscaleSetting#warnings()} (e-mail and webhook
 * {@code notifications}, a disabled {@code predictiveAutoscalePolicy}, a resource id naming another deployment,
 * a rule whose direction is None, a duration below Azure's minimum), as is every CpuUtilizationPercentage rule
 * (a share of all the machine's cores, not of one instance's VM), or errors (metric {@code dimensions}, predictive
 * scaling, {@code ServiceAllowedNextValue}); any other key is an error that names it.
 *
 * <p>Azure's limits are kept: at most 20 profiles of at most 10 rules, counts within 0..50 with
 * minimum ≤ default ≤ maximum, a ChangeCount of 1..50 and a PercentChangeCount of 1..5000 (Azure: 1 or more), a weekly recurrence, time grains up to PT12H, windows up to PT12H, cooldowns up to
 * P7D. Sluice extensions: a minimum of 0 (scale to zero), and time grains, windows and cooldowns down to PT10S,
 * Sluice's base grain (Azure: PT1M, PT5M, PT1M), with the time grain a multiple of PT10S and the window at least
 * one time grain. At most one profile may have neither recurrence nor fixedDate, and none may have both.
 */
public final class AutoscaleSettingReader {

    private static final Set<String> SETTING_KEYS = Set.of("profiles", "enabled", "name", "notifications",
            "predictiveAutoscalePolicy", "targetResourceUri", "targetResourceLocation");
    /** The ARM resource's own keys; {@code resourceGroup} is how the Azure CLI prints it. */
    private static final Set<String> RESOURCE_KEYS = Set.of("id", "name", "type", "location", "tags",
            "systemData", "resourceGroup", "properties");
    private static final Set<String> PREDICTIVE_KEYS = Set.of("scaleMode", "scaleLookAheadTime");

    private final ZoneResolver zones;
    private final int cores;

    private AutoscaleSettingReader(ZoneResolver zones, int cores) {
        this.zones = zones;
        this.cores = cores;
    }

    /**
     * A reader for this machine that checks every time zone with {@code zones}; CpuUtilizationPercentage rules are
     * explained against its {@link Runtime#availableProcessors()} cores, which the metrics collector divides by.
     */
    public static AutoscaleSettingReader create(ZoneResolver zones) {
        return create(zones, Runtime.getRuntime().availableProcessors());
    }

    /** The same for a machine with {@code cores} cores. */
    public static AutoscaleSettingReader create(ZoneResolver zones, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores " + cores + " < 1");
        }
        return new AutoscaleSettingReader(Objects.requireNonNull(zones, "zones"), cores);
    }

    /** The setting for {@code target}: resource ids in it that name another deployment become warnings. */
    public AutoscaleSetting read(JsonNode document, DeploymentId target) {
        return read(document, new ReadContext(zones, cores, Objects.requireNonNull(target, "target")));
    }

    /** The setting without a deployment to compare its resource ids with (they are then not checked). */
    public AutoscaleSetting read(JsonNode document) {
        return read(document, new ReadContext(zones, cores, null));
    }

    private AutoscaleSetting read(JsonNode document, ReadContext context) {
        Fields root = Fields.document(document);
        Fields setting;
        if (root.has("properties")) {
            root.allowOnly(RESOURCE_KEYS);
            setting = root.object("properties");
            setting.allowOnly(SETTING_KEYS);
        } else {
            Set<String> known = new HashSet<>(SETTING_KEYS);
            known.addAll(RESOURCE_KEYS);
            known.remove("properties");
            root.allowOnly(known);
            setting = root;
        }
        String name = setting.optionalText("name").orElseGet(() -> root.optionalText("name").orElse(null));
        boolean enabled = setting.flag("enabled", true);
        notifications(setting, context);
        setting.optionalObject("predictiveAutoscalePolicy").ifPresent(policy -> predictive(policy, context));
        setting.optionalText("targetResourceLocation");
        setting.optionalText("targetResourceUri").ifPresent(uri -> context.target().ifPresent(target ->
                MlResourceUri.targetWarning(setting.pathOf("targetResourceUri"), uri, target).ifPresent(context::warn)));
        List<Profile> profiles = profiles(setting, context);
        return new AutoscaleSetting(name, enabled, profiles, context.warnings());
    }

    private static List<Profile> profiles(Fields setting, ReadContext context) {
        List<Fields> fields = setting.objects("profiles");
        if (fields.isEmpty() || fields.size() > AutoscaleLimits.MAX_PROFILES) {
            throw SluiceException.badArgument(setting.pathOf("profiles"), fields.size() + " profiles",
                    "1.." + AutoscaleLimits.MAX_PROFILES + " profiles");
        }
        List<Profile> profiles = new ArrayList<>();
        String defaultAt = null;
        for (Fields field : fields) {
            Profile profile = ProfileReader.read(field, context);
            if (profile.isDefault() && defaultAt != null) {
                throw SluiceException.badArgument(field.path(), "a second profile without recurrence or fixedDate",
                        "at most one default profile; " + defaultAt + " is one");
            }
            if (profile.isDefault()) {
                defaultAt = field.path();
            }
            profiles.add(profile);
        }
        return profiles;
    }

    private static void notifications(Fields setting, ReadContext context) {
        if (setting.has("notifications") && !setting.array("notifications").isEmpty()) {
            context.warn(setting.pathOf("notifications") + ": Sluice sends no e-mails or webhooks; "
                    + "its scale actions are listed by `sluice autoscale history`");
        }
    }

    private static void predictive(Fields policy, ReadContext context) {
        policy.allowOnly(PREDICTIVE_KEYS);
        policy.only("scaleMode", "Disabled", "Sluice has no predictive autoscale");
        policy.optionalText("scaleLookAheadTime");
        context.warn(policy.path() + ": Sluice has no predictive autoscale; scaleMode Disabled changes nothing");
    }
}
