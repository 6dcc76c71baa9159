package dev.sluice.worker.runner.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.worker.runner.v2.InferRequest;
import dev.sluice.worker.runner.v2.InferResponse;
import dev.sluice.worker.runner.v2.ModelMetadata;
import dev.sluice.worker.runner.v2.ModelMetadata.TensorMetadata;
import dev.sluice.worker.runner.v2.Signature;
import dev.sluice.worker.runner.v2.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** One model of the repository with an ONNX Runtime session per version; the highest version answers by default. */
final class OnnxModel implements AutoCloseable {

    static final String PLATFORM = "onnxruntime_onnx";

    private record Version(long number, OrtSession session, Signature signature) {
    }

    private final String name;
    private final NavigableMap<Long, Version> versions;
    private final OnnxTensors tensors;

    private OnnxModel(String name, NavigableMap<Long, Version> versions, OnnxTensors tensors) {
        this.name = name;
        this.versions = versions;
        this.tensors = tensors;
    }

    /** Opens a session for every version; closes those already opened when one fails. */
    static OnnxModel load(OrtEnvironment env, String name, NavigableMap<Long, Path> files, SessionThreads threads)
            throws OrtException {
        NavigableMap<Long, Version> versions = new TreeMap<>();
        try {
            for (Map.Entry<Long, Path> file : files.entrySet()) {
                OrtSession session;
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    threads.applyTo(options);
                    session = env.createSession(file.getValue().toString(), options);
                }
                versions.put(file.getKey(), new Version(file.getKey(), session,
                        new Signature(describe(session.getInputInfo()), describe(session.getOutputInfo()))));
            }
        } catch (OrtException | RuntimeException e) {
            versions.values().forEach(v -> closeQuietly(v.session()));
            throw e;
        }
        return new OnnxModel(name, versions, new OnnxTensors(env));
    }

    private static List<TensorMetadata> describe(Map<String, NodeInfo> nodes) {
        List<TensorMetadata> out = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo info) {
                List<Long> shape = new ArrayList<>();
                for (long d : info.getShape()) {
                    shape.add(d < 0 ? -1L : d);
                }
                out.add(new TensorMetadata(node.getName(), OnnxTensors.v2Name(info.onnxType), shape));
            } else {
                out.add(new TensorMetadata(node.getName(), node.getInfo().getClass().getSimpleName(), List.of()));
            }
        }
        return out;
    }

    String name() {
        return name;
    }

    /** The named version, or the highest when none is named; NOT_FOUND names the versions there are. */
    private Version version(Optional<String> requested) {
        if (requested.isEmpty()) {
            return versions.lastEntry().getValue();
        }
        String v = requested.get();
        Version found = v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() < 19
                ? versions.get(Long.parseLong(v)) : null;
        if (found == null) {
            throw SluiceException.of(ErrorCode.NOT_FOUND, "model '" + name + "' has no version " + v
                    + " (expected: one of " + versionNames() + ")", "version");
        }
        return found;
    }

    List<String> versionNames() {
        return versions.keySet().stream().map(String::valueOf).toList();
    }

    ModelMetadata metadata(Optional<String> requested) {
        Version v = version(requested);
        return new ModelMetadata(name, versionNames(), PLATFORM, v.signature().inputs(), v.signature().outputs());
    }

    /** Checks that the version exists (a 404 otherwise); sessions are ready once loaded. */
    void requireVersion(Optional<String> requested) {
        version(requested);
    }

    InferResponse infer(InferRequest request, Optional<String> requested) throws OrtException {
        Version v = version(requested);
        v.signature().check(request);
        List<String> wanted = v.signature().outputsFor(request);
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (Tensor t : request.inputs()) {
                inputs.put(t.name(), tensors.toOnnx(t));
            }
            try (OrtSession.Result result = v.session().run(inputs, new HashSet<>(wanted))) {
                List<Tensor> outputs = new ArrayList<>(wanted.size());
                for (String name : wanted) {
                    outputs.add(output(name, result.get(name)));
                }
                return new InferResponse(this.name, String.valueOf(v.number()), request.id(), outputs);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static Tensor output(String name, Optional<OnnxValue> value) {
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw SluiceException.of(ErrorCode.NOT_SUPPORTED, "output '" + name + "' is not a tensor"
                    + " (expected: tensor outputs; sequences and maps are not supported)");
        }
        return OnnxTensors.fromOnnx(name, tensor);
    }

    @Override
    public void close() {
        versions.values().forEach(v -> closeQuietly(v.session()));
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing at shutdown: nothing useful to do with the failure.
        }
    }
}
