package dev.sluice.controlplane.autoscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.autoscale.AutoscaleSetting;
import dev.sluice.core.autoscale.AutoscaleSettingReader;
import dev.sluice.core.autoscale.AutoscaleSettingWriter;
import dev.sluice.core.autoscale.Profile;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.Deployment;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.spec.ScaleSettings;
import dev.sluice.core.store.AutoscaleStore;
import dev.sluice.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the management API does with autoscale settings: read Azure Monitor's JSON (every error names the field,
 * every key Sluice does not act on becomes a warning), check the deployment, keep the text as sent, and show it back
 * in Azure's shape with its warnings. Blocking; run it off event loops.
 */
public final class AutoscaleSettings {

    /** A stored setting as {@code show} prints it. */
    public record View(DeploymentId deployment, ObjectNode setting, List<String> warnings, Instant createdAt,
                       Instant updatedAt) {
    }

    private final Store store;
    private final AutoscaleStore autoscale;
    private final AutoscaleSettingReader reader;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private AutoscaleSettings(Store store, AutoscaleStore autoscale, AutoscaleSettingReader reader, Clock clock) {
        this.store = store;
        this.autoscale = autoscale;
        this.reader = reader;
        this.clock = clock;
    }

    public static AutoscaleSettings create(Store store, AutoscaleStore autoscale, AutoscaleSettingReader reader,
                                           Clock clock) {
        return new AutoscaleSettings(store, autoscale, reader, clock);
    }

    /**
     * What deleting a setting did to the deployment's count.
     *
     * @param instanceCount the count it was given, or null when it kept its own
     * @param message       what a user should know about it, or null
     */
    public record Deletion(DeploymentId deployment, Integer instanceCount, String message) {
    }

    /** A new setting; CONFLICT when the deployment has one already (also when another create just made it). */
    public View create(DeploymentId id, JsonNode document) {
        requireScalable(id);
        if (autoscale.findSetting(id).isPresent()) {
            throw SluiceException.of(ErrorCode.CONFLICT, "deployment " + id.deploymentName() + " of endpoint "
                    + id.endpointName() + " has an autoscale setting already (expected: update to change it)",
                    "deployment");
        }
        autoscale.createSetting(id, checked(id, document), clock.instant());
        return get(id);
    }

    /** Replaces the setting; NOT_FOUND when the deployment has none. */
    public View update(DeploymentId id, JsonNode document) {
        requireScalable(id);
        get(id);
        autoscale.replaceSetting(id, checked(id, document), clock.instant());
        return get(id);
    }

    public View get(DeploymentId id) {
        requireDeployment(id);
        return view(autoscale.findSetting(id).orElseThrow(() -> noSetting(id)));
    }

    private static SluiceException noSetting(DeploymentId id) {
        return SluiceException.of(ErrorCode.NOT_FOUND, "deployment " + id.deploymentName() + " of endpoint "
                + id.endpointName() + " has no autoscale setting", "deployment");
    }

    /**
     * Deletes the setting. A deployment it had scaled to zero would then answer 503 for ever (nothing wakes it, and
     * a user cannot set 0), so it gets {@code max(1, the default profile's default capacity)} instances: a new
     * generation, which the controller rolls out on its next pass; the history says so.
     */
    public Deletion delete(DeploymentId id) {
        requireDeployment(id);
        AutoscaleStore.StoredSetting stored = autoscale.findSetting(id).orElseThrow(() -> noSetting(id));
        int restore = restoreCount(stored);
        if (!autoscale.deleteSetting(id)) {
            throw noSetting(id);
        }
        // The autoscaler may move the generation on meanwhile; write against what was read, as updates do.
        for (int attempt = 0; attempt < 3; attempt++) {
            Deployment d = requireDeployment(id);
            if (d.spec().instanceCountOrDefault() > 0) {
                return new Deletion(id, null, null);
            }
            Instant now = clock.instant();
            if (store.replaceDeploymentSpec(id, d.generation(), d.spec().withInstanceCount(restore), now)) {
                String message = "deployment " + id.deploymentName() + " had no instance and nothing scales it "
                        + "from zero without an autoscale setting: its instance_count is now " + restore;
                recordRestore(d, restore, message, now);
                return new Deletion(id, restore, message);
            }
        }
        throw SluiceException.of(ErrorCode.CONFLICT, "the autoscale setting of deployment " + id.deploymentName()
                + " was deleted, but the deployment kept changing while its instance_count 0 was being raised "
                + "(expected: a deployment at rest); set instance_count with online-deployment update", "deployment");
    }

    /** The default profile's default capacity, at least 1; 1 when the setting cannot be read any more. */
    private int restoreCount(AutoscaleStore.StoredSetting stored) {
        try {
            return parse(stored).profiles().stream().filter(Profile::isDefault).findFirst()
                    .map(p -> Math.max(1, p.capacity().defaultCount())).orElse(1);
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private void recordRestore(Deployment d, int restore, String message, Instant now) {
        try {
            autoscale.appendDecision(new AutoscaleStore.Decision(DeploymentId.of(d), now, "autoscale setting deleted",
                    0, restore, "the autoscale setting was deleted with the deployment at 0 instances", message,
                    "applied"));
        } catch (SluiceException e) {
            // Deleted meanwhile, or the history failed: the count is written and answered either way.
        }
    }

    /** Every setting, or only the endpoint's. */
    public List<View> list(String endpoint) {
        return autoscale.listSettings().stream()
                .filter(s -> endpoint == null || s.deployment().endpointName().equals(endpoint))
                .map(this::view).toList();
    }

    public List<AutoscaleStore.Decision> history(DeploymentId id, int limit) {
        requireDeployment(id);
        if (limit < 1 || limit > AutoscaleStore.HISTORY_PER_DEPLOYMENT) {
            throw SluiceException.badArgument("limit", limit, "1.." + AutoscaleStore.HISTORY_PER_DEPLOYMENT);
        }
        return autoscale.history(id, limit);
    }

    /** The warnings {@code document} would have as the deployment's setting; errors as create and update give them. */
    public List<String> warnings(DeploymentId id, JsonNode document) {
        requireDeployment(id);
        return reader.read(requireObject(document), id).warnings();
    }

    /** Reads a stored setting; the store holds only what was read without error when it was saved. */
    AutoscaleSetting parse(AutoscaleStore.StoredSetting stored) {
        try {
            return reader.read(json.readTree(stored.json()), stored.deployment());
        } catch (JsonProcessingException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "the stored autoscale setting of " + stored.deployment()
                    + " is not JSON", e);
        }
    }

    /** The document as stored, once it reads without error. */
    private String checked(DeploymentId id, JsonNode document) {
        reader.read(requireObject(document), id);
        return document.toString();
    }

    private static JsonNode requireObject(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw SluiceException.badArgument("body", document == null ? "(missing)" : document.getNodeType(),
                    "a JSON object: Azure Monitor's autoscale setting");
        }
        return document;
    }

    private View view(AutoscaleStore.StoredSetting stored) {
        AutoscaleSetting setting = parse(stored);
        List<String> warnings = new java.util.ArrayList<>(setting.warnings());
        store.findDeployment(stored.deployment().endpointName(), stored.deployment().deploymentName())
                .filter(AutoscaleSettings::scalesItself)
                .ifPresent(d -> warnings.add(IGNORED_FOR_TARGET_UTILIZATION));
        return new View(stored.deployment(), AutoscaleSettingWriter.toJson(setting), List.copyOf(warnings),
                stored.createdAt(), stored.updatedAt());
    }

    static final String IGNORED_FOR_TARGET_UTILIZATION = "this setting is not applied: the deployment's "
            + "scale_settings.type is target_utilization, which sets its instance_count (set scale_settings.type: "
            + "default to scale by this setting)";

    static boolean scalesItself(Deployment d) {
        ScaleSettings scale = d.spec().scaleSettings();
        return scale != null && ScaleSettings.TARGET_UTILIZATION.equals(scale.type());
    }

    /** A deployment whose spec scales itself (target_utilization) cannot also follow an autoscale setting. */
    private void requireScalable(DeploymentId id) {
        if (scalesItself(requireDeployment(id))) {
            throw SluiceException.of(ErrorCode.CONFLICT, "deployment " + id.deploymentName() + " scales itself with "
                    + "scale_settings.type: target_utilization (expected: scale_settings.type: default, so that one "
                    + "thing sets its instance_count)", "scale_settings.type");
        }
    }

    private Deployment requireDeployment(DeploymentId id) {
        return store.findDeployment(id.endpointName(), id.deploymentName()).orElseThrow(() -> SluiceException.of(
                ErrorCode.NOT_FOUND, "deployment " + id.deploymentName() + " of endpoint " + id.endpointName()
                        + " does not exist", "deployment"));
    }
}
