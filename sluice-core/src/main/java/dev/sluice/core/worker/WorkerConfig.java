package dev.sluice.core.worker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.sluice.core.spec.BatchingSettings;
import dev.sluice.core.spec.ModelType;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a worker process needs to serve one instance; the controller writes it as JSON to
 * {@code <instance dir>/worker.json} and starts {@value #MAIN_CLASS} with that file's path.
 *
 * @param modelDir       the folder that contains the uploaded model folder or file ({@code AZUREML_MODEL_DIR}), or null
 * @param codeDir        the uploaded code folder ({@code AML_APP_ROOT}), or null
 * @param scoringScript  {@code score.py}, {@code Score.java}, a {@code .jar} or a Java class name; null for triton_model
 * @param condaFile      the environment's conda or pip requirements file, or null
 * @param port           the port to bind on {@code host}; 0 picks a free one
 * @param addressFile    where the worker writes a {@link WorkerAddress} once it has bound its port
 * @param serverPid      the server that started the worker; the worker exits when it is gone for good
 * @param workDir        the instance's own folder, for compiled classes and caches
 * @param pythonExecutable the interpreter for {@code score.py}, or null for {@code python3} on PATH
 * @param workerCount    Python runners per instance ({@code WORKER_COUNT})
 * @param batching       {@code sluice.batching} with its defaults, or null when requests are not batched
 */
public record WorkerConfig(
        String instanceId,
        String endpointName,
        String deploymentName,
        long generation,
        ModelType modelType,
        String modelDir,
        String codeDir,
        String scoringScript,
        String condaFile,
        Map<String, String> environmentVariables,
        int requestTimeoutMs,
        int maxConcurrentRequests,
        int maxQueueWaitMs,
        String host,
        int port,
        String addressFile,
        long serverPid,
        String workDir,
        String pythonExecutable,
        int workerCount,
        BatchingSettings batching) {

    public static final String MAIN_CLASS = "dev.sluice.worker.WorkerMain";
    /**
     * Set to {@code disabled} for {@code egress_public_network_access: disabled}: the Python runner then refuses
     * outbound connections to public addresses.
     */
    public static final String EGRESS_VARIABLE = "SLUICE_EGRESS_PUBLIC_NETWORK_ACCESS";

    public WorkerConfig {
        environmentVariables = environmentVariables == null ? Map.of() : Map.copyOf(environmentVariables);
    }

    /**
     * The environment Azure gives scoring code: the deployment's {@code environment_variables} plus
     * {@code AZUREML_MODEL_DIR}, {@code AML_APP_ROOT}, {@code AZUREML_ENTRY_SCRIPT}, {@code WORKER_COUNT} and
     * {@code SCORING_TIMEOUT_MS}. The one place these are spelled: the process environment of local workers
     * and the context of Java scoring code both come from here.
     */
    public Map<String, String> scoringEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(environmentVariables);
        if (modelDir != null) {
            env.put("AZUREML_MODEL_DIR", modelDir);
        }
        if (codeDir != null) {
            env.put("AML_APP_ROOT", codeDir);
        }
        if (scoringScript != null) {
            env.put("AZUREML_ENTRY_SCRIPT", scoringScript);
        }
        env.put("WORKER_COUNT", Integer.toString(workerCount));
        env.putIfAbsent("SCORING_TIMEOUT_MS", Integer.toString(requestTimeoutMs));
        return env;
    }

    @JsonIgnore
    public Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMs);
    }

    @JsonIgnore
    public Duration maxQueueWait() {
        return Duration.ofMillis(maxQueueWaitMs);
    }
}
