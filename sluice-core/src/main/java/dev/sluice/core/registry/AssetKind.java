package dev.sluice.core.registry;

/** What a registry keeps: model versions and environment versions, each addressed by name and version. */
public enum AssetKind {
    MODEL("model", "models"),
    ENVIRONMENT("environment", "environments");

    private final String singular;
    private final String plural;

    AssetKind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** {@code model}, as messages and the CLI's command group spell it. */
    public String singular() {
        return singular;
    }

    /** {@code models}, as REST paths and Azure's asset URIs spell it. */
    public String plural() {
        return plural;
    }
}
