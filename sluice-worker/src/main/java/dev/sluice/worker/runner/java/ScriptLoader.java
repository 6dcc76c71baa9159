package dev.sluice.worker.runner.java;

import dev.sluice.core.error.ErrorCode;
import dev.sluice.core.error.SluiceException;
import dev.sluice.scoring.ScoringScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and instantiates a deployment's {@link ScoringScript} in one of the three ways that
 * {@code code_configuration.scoring_script} can name it: {@code Score.java} (compiled here), a {@code .jar}
 * (its {@code META-INF/services} entry), or a class name (the code folder, then the worker's class path).
 *
 * @param codeDir         the uploaded code folder, or null when a class name is served from the worker's class path
 * @param workDir         where compiled classes go
 * @param workerClassPath what {@code Score.java} compiles against
 * @param parent          the worker's class loader, which provides the scoring SPI
 */
record ScriptLoader(Path codeDir, Path workDir, List<Path> workerClassPath, ClassLoader parent) {

    private static final String FIELD = "code_configuration.scoring_script";
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** A script instance and the loader that holds its classes (closed with it). */
    record Loaded(ScoringScript script, CodeClassLoader loader) {
    }

    ScriptLoader {
        workerClassPath = List.copyOf(workerClassPath);
    }

    Loaded load(String scoringScript) throws IOException {
        if (scoringScript.endsWith(".java")) {
            return fromSource(scoringScript);
        }
        if (scoringScript.endsWith(".jar")) {
            return fromJar(scoringScript);
        }
        if (!CLASS_NAME.matcher(scoringScript).matches()) {
            throw SluiceException.badArgument(FIELD, scoringScript, "score.py, Score.java, a .jar or a Java class name");
        }
        return fromClassName(scoringScript);
    }

    private Loaded fromSource(String fileName) throws IOException {
        Path source = requireCodeDir(fileName).resolve(fileName);
        Path classes = workDir.resolve("classes");
        List<Path> classPath = new ArrayList<>(workerClassPath);
        classPath.addAll(jars());
        SourceCompiler.compile(source, classes, classPath);
        List<Path> roots = new ArrayList<>(List.of(classes));
        roots.addAll(jars());
        CodeClassLoader loader = CodeClassLoader.of(roots, parent);
        return instantiate(pickCompiled(classes, loader, fileName), loader);
    }

    private Class<?> pickCompiled(Path classes, CodeClassLoader loader, String fileName) throws IOException {
        String stem = fileName.substring(0, fileName.length() - ".java".length());
        List<Class<?>> candidates = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = classes.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                Class<?> type = load(name, loader);
                if (isScript(type)) {
                    candidates.add(type);
                }
            }
        }
        return candidates.stream().filter(c -> c.getSimpleName().equals(stem)).findFirst()
                .or(() -> candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty())
                .orElseThrow(() -> SluiceException.of(ErrorCode.INIT_FAILED, fileName + ": " + (candidates.isEmpty()
                        ? "no public class implements " + ScoringScript.class.getName()
                        : "several classes implement " + ScoringScript.class.getName() + " " + candidates
                                + " (expected: one, or one named " + stem + ")")));
    }

    private Loaded fromJar(String jarName) {
        Path jar = requireCodeDir(jarName).resolve(jarName);
        if (!Files.isRegularFile(jar)) {
            throw SluiceException.badArgument(FIELD, jarName, "a jar file in the code folder");
        }
        List<Path> roots = new ArrayList<>(List.of(jar));
        jars().stream().filter(j -> !j.equals(jar)).forEach(roots::add);
        CodeClassLoader loader = CodeClassLoader.of(roots, parent);
        List<Class<?>> providers;
        try {
            providers = ServiceLoader.load(ScoringScript.class, loader).stream()
                    .map(ServiceLoader.Provider::type)
                    .filter(type -> type.getClassLoader() == loader)
                    .<Class<?>>map(type -> type)
                    .toList();
        } catch (ServiceConfigurationError e) {
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, jarName + ": " + e.getMessage(), e);
        }
        if (providers.size() != 1) {
            throw SluiceException.of(ErrorCode.INIT_FAILED, jarName + ": " + (providers.isEmpty() ? "lists no" : "lists "
                    + providers.size()) + " classes in META-INF/services/" + ScoringScript.class.getName()
                    + " (expected: exactly one)" + (providers.isEmpty() ? "" : ": " + providers));
        }
        return instantiate(providers.get(0), loader);
    }

    private Loaded fromClassName(String className) {
        List<Path> roots = new ArrayList<>();
        if (codeDir != null) {
            roots.add(codeDir);
            roots.addAll(jars());
        }
        CodeClassLoader loader = CodeClassLoader.of(roots, parent);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw SluiceException.badArgument(FIELD, className,
                    "a class in the code folder, its jars or the worker's class path");
        }
        if (!isScript(type)) {
            throw SluiceException.badArgument(FIELD, className,
                    "a public, concrete class that implements " + ScoringScript.class.getName());
        }
        return instantiate(type, loader);
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class not found: " + name, e);
        }
    }

    private static boolean isScript(Class<?> type) {
        int m = type.getModifiers();
        return ScoringScript.class.isAssignableFrom(type) && Modifier.isPublic(m) && !Modifier.isAbstract(m)
                && !type.isInterface() && (type.getEnclosingClass() == null || Modifier.isStatic(m));
    }

    private static Loaded instantiate(Class<?> type, CodeClassLoader loader) {
        try {
            return new Loaded((ScoringScript) type.getConstructor().newInstance(), loader);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw SluiceException.of(ErrorCode.INIT_FAILED, type.getName() + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw SluiceException.wrap(ErrorCode.INIT_FAILED, type.getName() + " constructor failed: " + cause, cause);
        } catch (InstantiationException e) {
            throw SluiceException.of(ErrorCode.INIT_FAILED, type.getName() + " cannot be instantiated");
        }
    }

    private Path requireCodeDir(String file) {
        if (codeDir == null) {
            throw SluiceException.badArgument("code_configuration.code", "(missing)", "the folder that holds " + file);
        }
        return codeDir;
    }

    /** The jars of the code folder: at its top and in {@code lib/}. */
    private List<Path> jars() {
        if (codeDir == null) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        for (Path dir : List.of(codeDir, codeDir.resolve("lib"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            }
        }
        return jars;
    }
}
