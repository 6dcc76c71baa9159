package dev.sluice.controlplane.logs;

import dev.sluice.controlplane.controller.DeploymentRuntime;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.home.DataDir;
import dev.sluice.core.model.DeploymentId;
import dev.sluice.core.model.InstanceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code sluice online-deployment get-logs} shows: the last lines of a deployment's instance consoles
 * ({@code inference-server}) or of its preparation ({@code storage-initializer}). Reads block; keep them off
 * event loops.
 */
public final class ConsoleLogs {

    /** As many lines as {@code az ml online-deployment get-logs} shows by default. */
    public static final int DEFAULT_LINES = 5000;
    public static final int MAX_LINES = 100_000;
    /** Bounds one file's tail however long its lines are. */
    private static final long MAX_BYTES_PER_FILE = 32L * 1024 * 1024;

    private final DataDir dataDir;
    private final DeploymentRuntime runtime;

    private ConsoleLogs(DataDir dataDir, DeploymentRuntime runtime) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    public static ConsoleLogs create(DataDir dataDir, DeploymentRuntime runtime) {
        return new ConsoleLogs(dataDir, runtime);
    }

    /**
     * The last {@code lines} lines of each instance's console (each after a {@code ==> id <==} line when there
     * are several instances), or of the storage initializer's log. Missing logs are empty.
     */
    public String tail(DeploymentId deployment, LogContainer container, int lines) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(container, "container");
        if (container == LogContainer.STORAGE_INITIALIZER) {
            return read(dataDir.storageInitializerLog(deployment), lines);
        }
        List<InstanceRecord> instances = runtime.instances(deployment);
        if (instances.size() == 1) {
            return read(consoleLog(deployment, instances.get(0)), lines);
        }
        StringBuilder out = new StringBuilder();
        for (InstanceRecord instance : instances) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("==> ").append(instance.id()).append(" <==\n");
            String text = read(consoleLog(deployment, instance), lines);
            out.append(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code --lines}: absent means {@value #DEFAULT_LINES}; more than {@value #MAX_LINES} means {@value #MAX_LINES}. */
    public static int lines(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LINES;
        }
        int lines;
        try {
            lines = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw SluiceException.badArgument("lines", value, "a whole number of lines from 1 to " + MAX_LINES);
        }
        if (lines < 1) {
            throw SluiceException.badArgument("lines", value, "a whole number of lines from 1 to " + MAX_LINES);
        }
        return Math.min(lines, MAX_LINES);
    }

    private Path consoleLog(DeploymentId deployment, InstanceRecord instance) {
        return dataDir.instanceDir(deployment, instance.id()).resolve("console.log");
    }

    private static String read(Path file, int lines) {
        try {
            return FileTail.read(file, Math.min(Math.max(lines, 1), MAX_LINES), MAX_BYTES_PER_FILE);
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot read " + file, e);
        }
    }
}
