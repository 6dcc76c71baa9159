package dev.sluice.cli.artifacts;

import dev.sluice.cli.client.SluiceClient;
import dev.sluice.core.artifact.ArtifactRef;
import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Uploads an artifact unless the server has it already: {@code HEAD /api/v1/artifacts/<hex>}, and on 404 a
 * {@code PUT} of a zip built in a temporary file. Progress goes to {@code progress} (stderr).
 */
public final class ArtifactUploader implements ArtifactPublisher {

    private final SluiceClient client;
    private final PrintWriter progress;

    private ArtifactUploader(SluiceClient client, PrintWriter progress) {
        this.client = client;
        this.progress = progress;
    }

    public static ArtifactUploader create(SluiceClient client, PrintWriter progress) {
        return new ArtifactUploader(client, progress);
    }

    @Override
    public ArtifactRef publish(String label, ArtifactTree tree) {
        ArtifactRef ref = tree.ref();
        if (client.artifacts().exists(ref)) {
            say(label + ": already on the server (" + shortRef(ref) + ")");
            return ref;
        }
        say("Uploading " + label + " (" + tree.files().size() + " file" + (tree.files().size() == 1 ? "" : "s")
                + ", " + humanSize(tree.totalBytes()) + ") as " + shortRef(ref));
        Path zip = null;
        try {
            zip = Files.createTempFile("sluice-artifact-", ".zip");
            ArtifactZip.write(tree, zip);
            client.artifacts().upload(ref, zip);
            return ref;
        } catch (IOException e) {
            throw SluiceException.of(ErrorCode.INTERNAL, "cannot create a temporary file for the archive of "
                    + label + ": " + e.getMessage());
        } finally {
            deleteQuietly(zip);
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }

    static String shortRef(ArtifactRef ref) {
        return "sha256:" + ref.hex().substring(0, 12);
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the upload's outcome is what matters.
        }
    }
}
