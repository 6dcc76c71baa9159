package dev.sluice.cli.artifacts;

import dev.sluice.core.artifact.ArtifactRef;

/** Makes an artifact available to the server and answers its reference ({@link ArtifactUploader} does it over HTTP). */
@FunctionalInterface
public interface ArtifactPublisher {

    /**
     * @param label what the user knows the artifact as, for progress lines ({@code model ../model-1/model/})
     */
    ArtifactRef publish(String label, ArtifactTree tree);
}
