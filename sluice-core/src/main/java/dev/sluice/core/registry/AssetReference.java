package dev.sluice.core.registry;

import dev.sluice.core.error.SluiceException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a registered model or environment, in every spelling Azure ML YAML uses:
 * {@code azureml:name:version}, {@code azureml:name@latest}, {@code name:version},
 * {@code azureml://registries/r/models/name/versions/1}, {@code azureml://locations/…/models/name/versions/1}
 * and the resource id that {@code az ml … show} prints,
 * {@code azureml:/subscriptions/…/workspaces/w/models/name/versions/1}.
 *
 * @param name    the asset's name
 * @param version the version, or null when {@code label} names it
 * @param label   {@code latest}, or null when {@code version} is given
 */
public record AssetReference(AssetKind kind, String name, String version, String label) {

    public static final String LATEST = "latest";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.\\-]{0,254}";
    private static final String VERSION = "[A-Za-z0-9_.\\-]{1,64}";
    private static final String PREFIX = "azureml:";
    private static final Pattern SHORT = Pattern.compile("^(" + NAME + ")(?::(" + VERSION + ")|@(" + VERSION + "))$");

    /** The reference in the one spelling Sluice stores and shows: {@code azureml:name:version} or {@code azureml:name@latest}. */
    public String canonical() {
        return PREFIX + name + (version != null ? ":" + version : "@" + label);
    }

    /** The same asset at a definite version, as a deployment keeps it once {@code @latest} is resolved. */
    public AssetReference atVersion(String definite) {
        return new AssetReference(kind, name, definite, null);
    }

    /**
     * True for Azure's curated environments ({@code AzureML-sklearn-1.5}), which Sluice cannot fetch: they run on
     * a base interpreter that has the packages their name suggests, unless one of that name is registered.
     */
    public boolean isCurated() {
        return kind == AssetKind.ENVIRONMENT && name.regionMatches(true, 0, "AzureML-", 0, "AzureML-".length());
    }

    /** True when the text is a reference rather than an inline value or a local path. */
    public static boolean looksLikeReference(String text) {
        return text != null && (text.startsWith(PREFIX) || SHORT.matcher(text).matches() && text.contains(":"));
    }

    /**
     * Parses {@code text} as a reference to an asset of {@code kind}.
     *
     * @param field the YAML field, for the error ({@code model})
     * @throws SluiceException BAD_ARGUMENT naming the field, the value and the spellings accepted
     */
    public static AssetReference parse(AssetKind kind, String field, String text) {
        return tryParse(kind, text).orElseThrow(() -> SluiceException.badArgument(field, text,
                "a registered " + kind.singular() + " such as azureml:NAME:VERSION, azureml:NAME@latest or "
                        + "azureml://registries/R/" + kind.plural() + "/NAME/versions/VERSION"));
    }

    public static Optional<AssetReference> tryParse(AssetKind kind, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher uri = Pattern.compile("^azureml:/{1,2}.*/" + kind.plural() + "/(" + NAME + ")/(versions|labels)/("
                + VERSION + ")/?$").matcher(text.strip());
        if (uri.matches()) {
            boolean version = uri.group(2).equals("versions");
            return labelled(kind, uri.group(1), version ? uri.group(3) : null, version ? null : uri.group(3));
        }
        String stripped = text.strip();
        boolean prefixed = stripped.startsWith(PREFIX);
        Matcher shortForm = SHORT.matcher(prefixed ? stripped.substring(PREFIX.length()) : stripped);
        if (shortForm.matches() && (prefixed || shortForm.group(2) != null)) {
            return labelled(kind, shortForm.group(1), shortForm.group(2), shortForm.group(3));
        }
        return Optional.empty();
    }

    private static Optional<AssetReference> labelled(AssetKind kind, String name, String version, String label) {
        if (label != null && !label.equals(LATEST)) {
            throw SluiceException.badArgument(kind.singular(), name + "@" + label,
                    "@latest, the one label Sluice knows, or a version such as " + name + ":1");
        }
        return Optional.of(new AssetReference(kind, name, version, label));
    }
}
