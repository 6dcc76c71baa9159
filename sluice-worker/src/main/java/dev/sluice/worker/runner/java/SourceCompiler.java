package dev.sluice.worker.runner.java;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles a single-file scoring script ({@code Score.java}) with the JDK's own compiler. */
final class SourceCompiler {

    private static final int MAX_ERRORS_SHOWN = 10;

    private SourceCompiler() {
    }

    /**
     * Compiles {@code source} into a fresh {@code outputDir} against {@code classPath}.
     *
     * @throws SluiceException INIT_FAILED with the compiler's errors ({@code Score.java:12: cannot find symbol …}),
     *                         or when this Java runtime has no compiler
     */
    static void compile(Path source, Path outputDir, List<Path> classPath) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw SluiceException.of(ErrorCode.INIT_FAILED, source.getFileName() + ": compiling it needs a JDK, but "
                    + "this worker runs on a Java runtime without javac (java.home " + System.getProperty("java.home")
                    + "); run Sluice with a JDK or ship the scoring code as a .jar");
        }
        if (!Files.isRegularFile(source)) {
            throw SluiceException.badArgument("code_configuration.scoring_script", source.getFileName(),
                    "a file in the code folder, which holds no " + source);
        }
        clean(outputDir);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", outputDir.toString(), "-encoding", "UTF-8", "-proc:none", "-g",
                    "-classpath", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            StringWriter output = new StringWriter();
            boolean ok = compiler.getTask(output, files, diagnostics, options, null,
                    files.getJavaFileObjects(source.toFile())).call();
            if (!ok) {
                throw SluiceException.of(ErrorCode.INIT_FAILED, source.getFileName() + " does not compile:\n"
                        + errors(diagnostics) + output);
            }
        }
    }

    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .limit(MAX_ERRORS_SHOWN)
                .map(d -> name(d) + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT) + "\n")
                .collect(Collectors.joining());
    }

    private static String name(Diagnostic<? extends JavaFileObject> d) {
        return d.getSource() == null ? "javac" : Path.of(d.getSource().toUri()).getFileName().toString();
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
