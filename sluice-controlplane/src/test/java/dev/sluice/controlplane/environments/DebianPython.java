package dev.sluice.controlplane.environments;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/python3} with python3-numpy, python3-sklearn and python3-joblib, which the environment
 * tests build from. Absent, a test is skipped naming the package, except under {@code CI=true}, where it fails.
 */
final class DebianPython {

    static final String PYTHON = "/usr/bin/python3";

    private DebianPython() {
    }

    static String withSklearn() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            missing("python3 (" + PYTHON + ")");
        }
        String[][] modules = {{"numpy", "python3-numpy"}, {"sklearn", "python3-sklearn"}, {"joblib", "python3-joblib"},
                {"venv", "python3-venv"}};
        for (String[] module : modules) {
            if (!imports(module[0])) {
                missing(module[1] + " (Python module " + module[0] + ")");
            }
        }
        return PYTHON;
    }

    private static boolean imports(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            fail("needs the Debian package " + what + ", which CI must install");
        }
        assumeTrue(false, "needs the Debian package " + what + "; skipped");
    }
}
