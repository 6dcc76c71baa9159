package dev.sluice.controlplane.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes the folders of instances and deployments that are gone; a failure only costs disk space. */
final class FolderDeletion {

    private static final Logger LOG = LoggerFactory.getLogger(FolderDeletion.class);

    private FolderDeletion() {
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", folder, e.toString());
        }
    }
}
