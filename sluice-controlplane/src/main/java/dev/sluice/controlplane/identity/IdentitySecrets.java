package dev.sluice.controlplane.identity;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.core.model.DeploymentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each deployment's {@code IDENTITY_HEADER}: an HMAC-SHA256 of its id under a key kept in {@code identity-secret}
 * (mode 0600). Nothing per deployment is stored, and the header stays the same across server restarts, so adopted
 * workers keep theirs.
 */
public final class IdentitySecrets {

    private final byte[] key;

    private IdentitySecrets(byte[] key) {
        this.key = key;
    }

    public static IdentitySecrets readOrCreate(Path file, SecureRandom random) {
        try {
            if (Files.isRegularFile(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
                if (key.length >= 32) {
                    return new IdentitySecrets(key);
                }
            }
            byte[] key = new byte[32];
            random.nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".identity-secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new IdentitySecrets(key);
        } catch (IOException | IllegalArgumentException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, "cannot read or write the identity secret " + file);
        }
    }

    /** The secret a deployment's scoring code sends as {@code X-IDENTITY-HEADER}. */
    public String headerFor(DeploymentId id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal((id.endpointName() + "/" + id.deploymentName()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Constant time: the comparison says nothing about how much of the header was right. */
    public boolean matches(DeploymentId id, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(headerFor(id).getBytes(StandardCharsets.US_ASCII),
                presented.strip().getBytes(StandardCharsets.UTF_8));
    }
}
