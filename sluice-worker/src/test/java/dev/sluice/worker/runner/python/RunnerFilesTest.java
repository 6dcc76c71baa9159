package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyRunnerSourceIsListedSoThatItIsExtracted() throws Exception {
        Path sources = Path.of("src", "main", "resources").resolve(RunnerFiles.RESOURCE_ROOT);
        try (Stream<Path> files = Files.walk(sources)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> sources.relativize(f).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrderElementsOf(RunnerFiles.FILES);
        }
    }

    @Test
    void extractsEveryFileFromTheClassPathAndReturnsTheRunnerScript() throws Exception {
        Path script = RunnerFiles.extract(dir.resolve("runner"));

        assertThat(script).isEqualTo(dir.resolve("runner/sluice_runner.py")).isRegularFile();
        for (String file : RunnerFiles.FILES) {
            assertThat(dir.resolve("runner").resolve(file)).isRegularFile();
        }
        assertThat(RunnerFiles.extract(dir.resolve("runner"))).as("a second extraction replaces the first").isEqualTo(script);
    }
}
