package dev.sluice.server.home;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token that the management API requires, kept in {@code admin-token} (mode 0600) so that only the
 * user who runs the server (and their CLI) can read it. Made on first start, reused after.
 */
public final class AdminToken {

    private AdminToken() {
    }

    public static String readOrCreate(Path file, SecureRandom random) {
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".admin-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw SluiceException.wrap(ErrorCode.INTERNAL, "cannot read or write the admin token " + file, e);
        }
    }
}
