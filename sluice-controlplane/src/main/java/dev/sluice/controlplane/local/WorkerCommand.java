package dev.sluice.controlplane.local;

import dev.sluice.core.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a worker JVM: which {@code java}, which class path (the server's own, which holds the
 * worker), and which JVM options.
 */
public record WorkerCommand(Path javaExecutable, String classPath, List<String> jvmOptions) {

    public WorkerCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The running JVM's own java and class path; small-heap friendly options for worker processes. */
    public static WorkerCommand ofCurrentJvm() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new WorkerCommand(java, System.getProperty("java.class.path"),
                List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k"));
    }

    /** The argument that names a worker's config file, and so the worker. */
    static String workerMarker(Path workerJson) {
        return "-Dsluice.worker=" + workerJson;
    }

    List<String> argv(String instanceId, Path workerJson) {
        return argv(instanceId, workerJson, List.of());
    }

    /** With {@code moreOptions} (the class archive's, say) after the worker's marker, which must come early. */
    List<String> argv(String instanceId, Path workerJson, List<String> moreOptions) {
        List<String> argv = new ArrayList<>();
        argv.add(javaExecutable.toString());
        argv.addAll(jvmOptions);
        argv.add("-Dsluice.instance=" + instanceId);
        // Before the (long) class path, so it stays within what the OS reports of a command line (4 KiB on
        // Linux through ProcessHandle): a restarted server recognises its worker by it.
        argv.add(workerMarker(workerJson));
        argv.addAll(moreOptions);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(WorkerConfig.MAIN_CLASS);
        argv.add(workerJson.toString());
        return argv;
    }
}
