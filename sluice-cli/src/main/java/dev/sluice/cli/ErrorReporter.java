package dev.sluice.cli;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr, {@code ERROR: <message> (code: <Code>)}, and an exit status:
 * 1 for errors from the server or from validation, 2 for usage errors. Never a stack trace, unless the
 * environment sets {@code SLUICE_DEBUG} (for developers of Sluice).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int FAILURE = 1;

    private final PrintWriter err;
    private final boolean debug;

    ErrorReporter(PrintWriter err, Map<String, String> environment) {
        this.err = err;
        this.debug = environment.containsKey("SLUICE_DEBUG");
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (ex instanceof SluiceException e) {
            report(e.getMessage(), e.code().azureName(), e);
        } else {
            report("unexpected " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
                    + ex.getMessage()), ErrorCode.INTERNAL.azureName(), ex);
        }
        return FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        report(ex.getMessage() + "; see '" + command.getCommandSpec().qualifiedName() + " --help'",
                ErrorCode.BAD_ARGUMENT.azureName(), ex);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private void report(String message, String code, Throwable cause) {
        if (debug) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.println("ERROR: " + oneLine(message) + " (code: " + code + ")");
        err.flush();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
