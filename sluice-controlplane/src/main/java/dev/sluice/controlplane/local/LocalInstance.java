package dev.sluice.controlplane.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.worker.WorkerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A worker process on this machine, started by this server or adopted from an earlier one. */
final class LocalInstance implements RunningInstance {

    private final String id;
    private final ProcessHandle handle;
    private final CompletableFuture<Integer> exit;
    private final Path addressFile;
    private final ObjectMapper json;
    private volatile WorkerAddress address;

    private LocalInstance(String id, ProcessHandle handle, CompletableFuture<Integer> exit, Path addressFile,
                          ObjectMapper json) {
        this.id = id;
        this.handle = handle;
        this.exit = exit;
        this.addressFile = addressFile;
        this.json = json;
    }

    static LocalInstance started(String id, Process process, Path addressFile, ObjectMapper json) {
        return new LocalInstance(id, process.toHandle(), process.onExit().thenApply(Process::exitValue),
                addressFile, json);
    }

    /** The exit code of a process that is not our child is unknown: it reads as -1. */
    static LocalInstance adopted(String id, ProcessHandle handle, Path addressFile, ObjectMapper json) {
        return new LocalInstance(id, handle, handle.onExit().thenApply(h -> -1), addressFile, json);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public Optional<String> url() {
        return address().map(WorkerAddress::url);
    }

    @Override
    public Optional<String> socket() {
        return address().map(WorkerAddress::socket);
    }

    /** The address this process wrote (an address file of an earlier process of the instance does not count). */
    private Optional<WorkerAddress> address() {
        if (address == null && Files.isRegularFile(addressFile)) {
            try {
                WorkerAddress written = json.readValue(addressFile.toFile(), WorkerAddress.class);
                if (written.pid() == handle.pid()) {
                    address = written;
                }
            } catch (IOException e) {
                // Written atomically by the worker, so a read error means "not yet"; try again next time.
                return Optional.empty();
            }
        }
        return Optional.ofNullable(address);
    }

    @Override
    public boolean isAlive() {
        return handle.isAlive();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (handle.isAlive()) {
                handle.destroyForcibly();
            }
        });
    }
}
