package dev.sluice.controlplane.logs;

import dev.sluice.core.error.SluiceException;

/** The two log sources of a deployment, named as Azure's {@code get-logs --container} names them. */
public enum LogContainer {
    /** Each instance's console: the worker's stdout and stderr. */
    INFERENCE_SERVER("inference-server"),
    /** Preparing the deployment: fetching artifacts and building its environment. */
    STORAGE_INITIALIZER("storage-initializer");

    private final String wire;

    LogContainer(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** {@code null} means {@code inference-server}, Azure's default. */
    public static LogContainer parse(String value) {
        if (value == null) {
            return INFERENCE_SERVER;
        }
        for (LogContainer container : values()) {
            if (container.wire.equals(value)) {
                return container;
            }
        }
        throw SluiceException.badArgument("container", value,
                INFERENCE_SERVER.wire + " | " + STORAGE_INITIALIZER.wire);
    }
}
