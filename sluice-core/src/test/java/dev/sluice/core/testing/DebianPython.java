package dev.sluice.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} and its packages, which the Python tests of every module need. Absent, a
 * test is skipped with a message naming the Debian package, except under {@code CI=true}, where it fails: CI
 * installs them all.
 */
public final class DebianPython {

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private DebianPython() {
    }

    /** The interpreter, after checking that each module imports; {@code modules} are pairs (module, package). */
    public static Path require(String... modulesAndPackages) {
        if (!Files.isExecutable(PYTHON)) {
            missing("python3 (" + PYTHON + ")");
        }
        for (int i = 0; i < modulesAndPackages.length; i += 2) {
            if (!imports(modulesAndPackages[i])) {
                missing(modulesAndPackages[i + 1] + " (Python module " + modulesAndPackages[i] + ")");
            }
        }
        return PYTHON;
    }

    /** The interpreter with numpy, scikit-learn and joblib, which Azure's sklearn sample needs. */
    public static Path withSklearn() {
        return require("numpy", "python3-numpy", "sklearn", "python3-sklearn", "joblib", "python3-joblib");
    }

    private static boolean imports(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void missing(String what) {
        String message = "needs the Debian package " + what;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + ", which CI must install");
        }
        assumeTrue(false, message + "; skipped");
    }
}
