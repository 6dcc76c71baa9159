package dev.sluice.core.artifact;

import dev.sluice.core.error.SluiceException;
import java.util.regex.Pattern;

/**
 * A reference to an uploaded artifact, spelled {@code sha256:<64 hex digits>}: what {@code model.path},
 * {@code code_configuration.code} and {@code environment.conda_file} hold once the CLI has uploaded them.
 */
public record ArtifactRef(String hex) {

    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("^[0-9a-f]{64}$");

    public ArtifactRef {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw SluiceException.badArgument("artifact", hex, "64 lower-case hex digits");
        }
    }

    public static ArtifactRef ofHex(String hex) {
        return new ArtifactRef(hex);
    }

    /** Parses {@code sha256:…}, naming {@code field} when the value is not an artifact reference. */
    public static ArtifactRef parse(String field, String value) {
        if (!isRef(value)) {
            throw SluiceException.badArgument(field, value,
                    "an uploaded artifact (sha256:<hex>); the CLI uploads local folders and files for you");
        }
        return new ArtifactRef(value.substring(PREFIX.length()));
    }

    public static boolean isRef(String value) {
        return value != null && value.startsWith(PREFIX) && HEX.matcher(value.substring(PREFIX.length())).matches();
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
