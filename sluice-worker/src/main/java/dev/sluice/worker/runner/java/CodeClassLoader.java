package dev.sluice.worker.runner.java;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a deployment's Java code: from its own class roots and jars first, then from the worker's class path.
 * Child-first, so that a jar in the code folder wins over a different version of the same library inside the
 * worker; the JDK and the scoring SPI always come from the parent, so that {@code ScoringScript} is one type.
 */
final class CodeClassLoader extends URLClassLoader {

    private static final List<String> PARENT_FIRST = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "dev.sluice.scoring.");

    static {
        registerAsParallelCapable();
    }

    private CodeClassLoader(URL[] urls, ClassLoader parent) {
        super("sluice-scoring-code", urls, parent);
    }

    static CodeClassLoader of(List<Path> roots, ClassLoader parent) {
        List<URL> urls = new ArrayList<>(roots.size());
        for (Path root : roots) {
            try {
                urls.add(root.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a class path entry: " + root, e);
            }
        }
        return new CodeClassLoader(urls.toArray(URL[]::new), parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (PARENT_FIRST.stream().anyMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
