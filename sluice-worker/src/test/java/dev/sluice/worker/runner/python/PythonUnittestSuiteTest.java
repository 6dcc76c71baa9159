package dev.sluice.worker.runner.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.DebianPython;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python side's unit tests ({@code src/test/python}, stdlib {@code unittest}) against the runner files
 * shipped in this jar, so that {@code mvn verify} runs both codecs' tests.
 */
class PythonUnittestSuiteTest {

    private static final Path RUNNER_FILES = Path.of("src", "main", "resources", "dev", "sluice", "worker", "python");
    private static final Path TESTS = Path.of("src", "test", "python");

    @Test
    void pythonUnitTestsPass() throws Exception {
        Path python = DebianPython.require();
        ProcessBuilder builder = new ProcessBuilder(python.toString(), "-B", "-m", "unittest", "discover", "-v",
                "-s", TESTS.toString(), "-t", TESTS.toString(), "-p", "test_*.py").redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", RUNNER_FILES.toAbsolutePath().toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("unittest finished").isTrue();
        assertThat(process.exitValue()).as("python -m unittest exit code; its output:\n" + output).isZero();
        assertThat(output).contains("OK").containsPattern("Ran [1-9]\\d* tests");
    }
}
