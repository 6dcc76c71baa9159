package dev.sluice.cli.output;

/** What a printed document is, so that {@code -o table} can pick its columns. */
public enum ResourceKind {
    ENDPOINT,
    DEPLOYMENT,
    /** A registered model or environment version. */
    ASSET,
    /** Anything else (credentials, server information): shown as KEY and VALUE rows. */
    OTHER
}
