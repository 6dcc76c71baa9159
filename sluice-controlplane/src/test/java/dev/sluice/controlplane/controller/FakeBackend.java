package dev.sluice.controlplane.controller;

import dev.sluice.core.compute.ComputeBackend;
import dev.sluice.core.compute.InstanceLaunch;
import dev.sluice.core.compute.RunningInstance;
import dev.sluice.core.model.InstanceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A compute backend whose "processes" are objects the test drives: bind, crash, stop. */
final class FakeBackend implements ComputeBackend {

    final List<FakeProcess> started = new CopyOnWriteArrayList<>();
    final Map<String, FakeProcess> survivors = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(20000);
    private final AtomicInteger nextPid = new AtomicInteger(1000);
    volatile boolean bindAtOnce = true;
    /** When set, starting a process fails as a fork would under memory pressure. */
    volatile boolean failStarts;

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        if (failStarts) {
            throw dev.sluice.core.error.SluiceException.of(dev.sluice.core.error.ErrorCode.INTERNAL,
                    "cannot start a worker process: error=11, Resource temporarily unavailable");
        }
        try {
            java.nio.file.Files.createDirectories(launch.instanceDir());
            java.nio.file.Files.writeString(launch.consoleLog(), "started\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FakeProcess p = new FakeProcess(launch.instanceId(), nextPid.incrementAndGet(), nextPort.incrementAndGet(), launch);
        if (bindAtOnce) {
            p.bind();
        }
        started.add(p);
        return p;
    }

    @Override
    public Optional<RunningInstance> adopt(InstanceRecord record, InstanceLaunch launch) {
        return Optional.ofNullable(survivors.remove(record.id()));
    }

    List<FakeProcess> alive() {
        return started.stream().filter(FakeProcess::isAlive).toList();
    }

    List<FakeProcess> aliveOf(String deployment) {
        return alive().stream().filter(p -> p.launch.deployment().deploymentName().equals(deployment)).toList();
    }

    static final class FakeProcess implements RunningInstance {
        final String id;
        final long pid;
        final int port;
        final InstanceLaunch launch;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile boolean bound;
        volatile Duration stoppedWithGrace;
        final AtomicInteger stopCalls = new AtomicInteger();
        /** When set, the process ignores stop signals, as a worker stuck in native code takes time to die. */
        volatile boolean slowToDie;

        FakeProcess(String id, long pid, int port, InstanceLaunch launch) {
            this.id = id;
            this.pid = pid;
            this.port = port;
            this.launch = launch;
        }

        void bind() {
            bound = true;
        }

        void crash(int code) {
            exit.complete(code);
        }

        String address() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public Optional<String> url() {
            return bound ? Optional.of(address()) : Optional.empty();
        }

        /** Where a real worker would also listen: a Unix socket named after the instance. */
        @Override
        public Optional<String> socket() {
            return bound ? Optional.of("/run/sluice-test/" + id + ".sock") : Optional.empty();
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void stop(Duration grace) {
            stoppedWithGrace = grace;
            stopCalls.incrementAndGet();
            if (!slowToDie) {
                exit.complete(0);
            }
        }
    }
}
