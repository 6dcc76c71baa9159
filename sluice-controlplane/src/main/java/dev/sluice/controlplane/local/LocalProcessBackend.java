package dev.sluice.controlplane.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.compute.InstanceLaunch;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.InstanceRecord;
import dev.sluice.core.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Runs instances as worker JVMs on this machine, bound to loopback. Each writes its stdout and stderr to
 * the instance's console log; its environment holds the deployment's variables and Azure's own
 * ({@code AZUREML_MODEL_DIR}, {@code AML_APP_ROOT}, {@code AZUREML_ENTRY_SCRIPT}), so Python code sees them too.
 */
public final class LocalProcessBackend implements ComputeBackend {

    private final WorkerCommand command;
    private final WorkerClassArchive classes;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LocalProcessBackend(WorkerCommand command, WorkerClassArchive classes) {
        this.command = command;
        this.classes = classes;
    }

    /** Workers started with {@code command}, sharing the class archive kept in {@code cacheDir}. */
    public static LocalProcessBackend create(WorkerCommand command, Path cacheDir) {
        return new LocalProcessBackend(command, WorkerClassArchive.in(cacheDir, command));
    }

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        WorkerConfig config = launch.config();
        try {
            Files.createDirectories(launch.instanceDir());
            Files.createDirectories(Path.of(config.workDir()));
            Path address = Path.of(config.addressFile());
            Files.deleteIfExists(address);
            Path workerJson = launch.instanceDir().resolve("worker.json");
            // 0600 before anything is written: the config holds the deployment's IDENTITY_HEADER.
            Files.deleteIfExists(workerJson);
            Files.createFile(workerJson, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            json.writeValue(workerJson.toFile(), config);
            String id = launch.instanceId();
            ProcessBuilder builder = new ProcessBuilder(command.argv(id, workerJson, classes.optionsFor(id)))
                    .directory(launch.instanceDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.consoleLog().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(config.scoringEnvironment());
            Process process = builder.start();
            // Async: checking a recorded archive runs a JVM, which must not hold up the reaper thread.
            process.onExit().thenAcceptAsync(p -> classes.exited(id, p.exitValue()));
            return LocalInstance.started(id, process, address, json);
        } catch (IOException e) {
            classes.exited(launch.instanceId(), -1); // frees its recorder's place, if it had one
            throw SluiceException.wrap(ErrorCode.INTERNAL,
                    "cannot start a worker process for instance " + launch.instanceId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RunningInstance> adopt(InstanceRecord record, InstanceLaunch launch) {
        if (record.pid() <= 0) {
            return Optional.empty();
        }
        Path workerJson = launch.instanceDir().resolve("worker.json");
        return ProcessHandle.of(record.pid())
                .filter(ProcessHandle::isAlive)
                .filter(handle -> isOurWorker(handle, workerJson))
                .map(handle -> LocalInstance.adopted(record.id(), handle, Path.of(launch.config().addressFile()), json));
    }

    /** A pid may have been reused by an unrelated process: adopt it only if it runs this instance's worker.json. */
    static boolean isOurWorker(ProcessHandle handle, Path workerJson) {
        String marker = WorkerCommand.workerMarker(workerJson);
        return handle.info().commandLine().map(line -> line.contains(marker + " ")).orElse(false);
    }
}
