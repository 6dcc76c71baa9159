package dev.sluice.core.home;

import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.model.DeploymentId;
import java.nio.file.Path;
import java.util.Map;

/**
 * The layout of the data folder, in one place. Only paths: nothing here touches the disk.
 * <pre>
 * sluice.db                                   the embedded store (SQLite)
 * artifacts/&lt;hex&gt;/…                            uploaded model and code folders, read-only
 * environments/&lt;hash&gt;/                         Python virtual environments, by conda file hash
 * instances/&lt;endpoint&gt;/&lt;deployment&gt;/&lt;id&gt;/     worker.json, address.json, console.log
 * instances/&lt;endpoint&gt;/&lt;deployment&gt;/storage-initializer.log
 * tls/ca.pem, tls/server.pem, tls/server-key.pem
 * admin-token                                 mode 0600
 * signing-keys.json                           aml_token signing keys, mode 0600
 * identity-secret                             the key of deployments' IDENTITY_HEADERs, mode 0600
 * server.json                                 written once both ports are bound
 * cache/worker-classes-&lt;key&gt;.jsa              the worker JVM's class archive (CDS), by JVM and class path
 * </pre>
 */
public record DataDir(Path root) {

    public DataDir {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code --data-dir}, else {@code $SLUICE_HOME}, else {@code ~/.sluice}. */
    public static DataDir locate(String flag, Map<String, String> environment, String userHome) {
        if (flag != null && !flag.isBlank()) {
            return new DataDir(Path.of(flag));
        }
        String home = environment.get("SLUICE_HOME");
        if (home != null && !home.isBlank()) {
            return new DataDir(Path.of(home));
        }
        return new DataDir(Path.of(userHome, ".sluice"));
    }

    public Path database() {
        return root.resolve("sluice.db");
    }

    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path artifact(ArtifactRef ref) {
        return artifacts().resolve(ref.hex());
    }

    public Path environments() {
        return root.resolve("environments");
    }

    /** Files Sluice can make again at any time; deleting the folder only costs speed. */
    public Path cache() {
        return root.resolve("cache");
    }

    public Path instances() {
        return root.resolve("instances");
    }

    public Path deploymentDir(DeploymentId id) {
        return instances().resolve(id.endpointName()).resolve(id.deploymentName());
    }

    public Path instanceDir(DeploymentId id, String instanceId) {
        return deploymentDir(id).resolve(instanceId);
    }

    /** Output of preparing a deployment's storage and environment ({@code get-logs --container storage-initializer}). */
    public Path storageInitializerLog(DeploymentId id) {
        return deploymentDir(id).resolve("storage-initializer.log");
    }

    public Path tls() {
        return root.resolve("tls");
    }

    public Path caCert() {
        return tls().resolve("ca.pem");
    }

    public Path adminToken() {
        return root.resolve("admin-token");
    }

    public Path signingKeys() {
        return root.resolve("signing-keys.json");
    }

    public Path identitySecret() {
        return root.resolve("identity-secret");
    }

    public Path serverJson() {
        return root.resolve("server.json");
    }
}
