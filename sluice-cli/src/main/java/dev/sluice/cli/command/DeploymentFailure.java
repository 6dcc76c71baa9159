package dev.sluice.cli.command;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The error for a deployment that ended Failed. Its reason may span lines (the server adds the worker's last
 * console lines): those go out as progress lines first, so that the error itself stays one line.
 */
final class DeploymentFailure {

    private DeploymentFailure() {
    }

    static SluiceException of(String what, String reason, Consumer<String> progress) {
        List<String> lines = reason.strip().lines().toList();
        String first = lines.isEmpty() ? "no reason given (see get-logs)" : lines.get(0);
        lines.stream().skip(1).forEach(line -> progress.accept("  | " + line));
        return SluiceException.of(codeOf(first), what + " failed: " + first);
    }

    /** The code the reason starts with ({@code UserScriptInitFailed: …}), else InstanceFailed. */
    static ErrorCode codeOf(String reason) {
        for (ErrorCode code : ErrorCode.values()) {
            if (reason.startsWith(code.azureName() + ":") || reason.startsWith(code.azureName() + " ")) {
                return code;
            }
        }
        return ErrorCode.INSTANCE_FAILED;
    }
}
