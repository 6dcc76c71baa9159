package dev.sluice.core.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.model.DeploymentId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirTest {

    private static final String HOME = "/home/ada";

    @Test
    void flagWinsOverEnvironmentAndHome() {
        DataDir dir = DataDir.locate("/srv/sluice", Map.of("SLUICE_HOME", "/opt/sluice"), HOME);
        assertThat(dir.root()).isEqualTo(Path.of("/srv/sluice"));
    }

    @Test
    void environmentWinsOverHome() {
        assertThat(DataDir.locate(null, Map.of("SLUICE_HOME", "/opt/sluice"), HOME).root()).isEqualTo(Path.of("/opt/sluice"));
        assertThat(DataDir.locate("  ", Map.of("SLUICE_HOME", "/opt/sluice"), HOME).root()).isEqualTo(Path.of("/opt/sluice"));
    }

    @Test
    void homeIsTheLastResort() {
        assertThat(DataDir.locate(null, Map.of(), HOME).root()).isEqualTo(Path.of("/home/ada/.sluice"));
        assertThat(DataDir.locate("", Map.of("SLUICE_HOME", ""), HOME).root()).isEqualTo(Path.of("/home/ada/.sluice"));
    }

    @Test
    void relativeRootsBecomeAbsoluteAndNormalised() {
        DataDir dir = DataDir.locate("data/../data2", Map.of(), HOME);
        assertThat(dir.root()).isAbsolute().isEqualTo(Path.of("data2").toAbsolutePath());
    }

    @Test
    void layout() {
        DataDir dir = new DataDir(Path.of("/d"));
        DeploymentId id = new DeploymentId("shop", "blue");
        ArtifactRef ref = ArtifactRef.ofHex("ab".repeat(32));
        assertThat(dir.database()).isEqualTo(Path.of("/d/sluice.db"));
        assertThat(dir.artifact(ref)).isEqualTo(Path.of("/d/artifacts/" + "ab".repeat(32)));
        assertThat(dir.environments()).isEqualTo(Path.of("/d/environments"));
        assertThat(dir.instanceDir(id, "blue-1")).isEqualTo(Path.of("/d/instances/shop/blue/blue-1"));
        assertThat(dir.storageInitializerLog(id)).isEqualTo(Path.of("/d/instances/shop/blue/storage-initializer.log"));
        assertThat(dir.caCert()).isEqualTo(Path.of("/d/tls/ca.pem"));
        assertThat(dir.adminToken()).isEqualTo(Path.of("/d/admin-token"));
        assertThat(dir.serverJson()).isEqualTo(Path.of("/d/server.json"));
    }
}
