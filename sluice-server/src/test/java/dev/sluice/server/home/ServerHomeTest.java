package dev.sluice.server.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerHomeTest {

    @TempDir
    Path dir;

    @Test
    void theAdminTokenIsMadeOnceAndOnlyItsOwnerCanReadIt() throws Exception {
        Path file = dir.resolve("admin-token");
        String token = AdminToken.readOrCreate(file, new SecureRandom());
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AdminToken.readOrCreate(file, new SecureRandom())).isEqualTo(token);
    }

    @Test
    void oneServerPerDataFolder() {
        try (DataDirLock first = DataDirLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirLock.acquire(dir))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("another sluice server is running on the data folder " + dir)
                    .extracting(e -> ((SluiceException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        DataDirLock.acquire(dir).close();
    }
}
